import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import { CheckAdmission } from './check-admission.js';

// Redis is stubbed as the counter it is used as: one INCR per key, the count returned.
function setup(o: { waiting?: number } = {}) {
  const counts = new Map<string, number>();
  const keys: string[] = [];
  const redis = {
    multi: () => {
      let key = '';
      const chain = {
        incr: (k: string) => {
          key = k;
          return chain;
        },
        expire: () => chain,
        exec: async () => {
          keys.push(key);
          counts.set(key, (counts.get(key) ?? 0) + 1);
          return [[null, counts.get(key)]];
        },
      };
      return chain;
    },
  } as unknown as Redis;
  const config = { CHECKS_PER_MINUTE: 3, EXPECTED_FILLS_PER_MINUTE: 1, QUEUE_PREFIX: 'q' } as AppConfig;
  const pool = { size: 2, waiting: () => o.waiting ?? 0 } as unknown as SandboxPool;
  return { sut: new CheckAdmission(config, redis, pool), keys };
}

describe('CheckAdmission.admit', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-03T07:00:45Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('admits up to CHECKS_PER_MINUTE checks per account in a minute, then refuses with the limit and the seconds left', async () => {
    const { sut } = setup();
    for (let i = 0; i < 3; i++) await sut.admit('u-1', 'checks');
    await expect(sut.admit('u-1', 'checks')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 3, retryAfterSeconds: 15 },
    });
    await expect(sut.admit('u-2', 'checks')).resolves.toBeUndefined();
  });

  it('counts expected-value fills apart from checks, against EXPECTED_FILLS_PER_MINUTE, under the queue prefix', async () => {
    const { sut, keys } = setup();
    await sut.admit('u-1', 'expectedFills');
    await expect(sut.admit('u-1', 'expectedFills')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('expected-value fills'),
      details: { limit: 1 },
    });
    await expect(sut.admit('u-1', 'checks')).resolves.toBeUndefined();
    expect(new Set(keys.map((k) => k.split(':').slice(0, 2).join(':')))).toEqual(
      new Set(['q:expectedFills', 'q:checks']),
    );
  });

  it('answers "busy" (retry in 1 s) when the line already holds 4 requests per child, whoever asks', async () => {
    const { sut } = setup({ waiting: 8 });
    await expect(sut.admit('u-1', 'checks')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 8, retryAfterSeconds: 1 },
    });
    await expect(setup({ waiting: 7 }).sut.admit('u-1', 'checks')).resolves.toBeUndefined();
  });
});
