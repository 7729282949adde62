import { describe, expect, it } from '@jest/globals';
import { autoMock, newTestService } from './new-test-service.js';

class Store {
  async load(id: string): Promise<string> {
    return `real ${id}`;
  }
}
class Clock {
  now(): number {
    return Date.now();
  }
}
class Greeter {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly prefix: string,
  ) {}
  async greet(id: string) {
    return `${this.prefix} ${await this.store.load(id)} at ${this.clock.now()}`;
  }
}

describe('newTestService', () => {
  it('builds the class with every constructor dependency mocked, in constructor order', async () => {
    const { sut, mocks } = newTestService(Greeter, { 2: 'hello' });
    const [store, clock, prefix] = mocks;
    store.load.mockResolvedValue('Ada');
    clock.now.mockReturnValue(7);
    expect(prefix).toBe('hello');
    await expect(sut.greet('u1')).resolves.toBe('hello Ada at 7');
    expect(store.load).toHaveBeenCalledWith('u1');
  });

  it('names each mock after its constructor parameter, so a failure says which dependency', () => {
    const { mocks } = newTestService(Greeter);
    expect(mocks[0].load.getMockName()).toBe('store.load');
  });

  it('makes a mock that keeps assigned values and is not a thenable', async () => {
    const em = autoMock<{ save(x: number): Promise<number>; manager: unknown }>('em');
    em.manager = 'kept';
    expect(em.manager).toBe('kept');
    expect(await Promise.resolve(em)).toBe(em);
    expect(em.save).toBe(em.save);
  });
});
