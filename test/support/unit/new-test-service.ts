/**
 * The unit tier's one way to build a Nest service, resolver or job handler under test (the
 * `sut`, as immich's `newTestService` does): every constructor dependency becomes an auto-mock,
 * typed as `jest.Mocked` of the parameter's type, so a spec stubs only what the behaviour it
 * proves touches and asserts what was written to which repository:
 *
 *   const { sut, mocks } = newTestService(AssessmentsService);
 *   const [db, organisations, exercises] = mocks;          // constructor order
 *   organisations.organisationOf.mockResolvedValue(org);
 *
 * An auto-mock answers any method name with a `jest.fn()` made on first use (so a spec never
 * lists a class's methods), remembers plain values assigned to it (`repo.manager = em`), and is
 * not a thenable (`await mock` gives the mock). A dependency that should be real (a config
 * object, a pure helper) is passed by position in `overrides`.
 */
import { jest } from '@jest/globals';
import type { Mocked } from 'jest-mock';

// Names that Jest, Node and `await` probe on any object; an auto-mock must not claim them.
const NOT_METHODS = new Set(['then', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', 'constructor', 'inspect']);

/** A `jest.Mocked<T>` whose methods spring into being as `jest.fn()` on first access. */
export function autoMock<T extends object>(name = 'mock'): Mocked<T> {
  const members = new Map<PropertyKey, unknown>();
  return new Proxy({} as Mocked<T>, {
    get(_target, key) {
      if (members.has(key)) return members.get(key);
      if (typeof key === 'symbol' || NOT_METHODS.has(key)) return undefined;
      const fn = jest.fn().mockName(`${name}.${key}`);
      members.set(key, fn);
      return fn;
    },
    set(_target, key, value) {
      members.set(key, value);
      return true;
    },
    has: (_target, key) => members.has(key),
    ownKeys: () => [...members.keys()].filter((k): k is string | symbol => typeof k !== 'number'),
    getOwnPropertyDescriptor: (_target, key) =>
      members.has(key) ? { value: members.get(key), writable: true, enumerable: true, configurable: true } : undefined,
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor = abstract new (...args: any[]) => unknown;
/** Each constructor parameter's mocked type, in order (plain values stay as they are). */
export type MockedDeps<P extends readonly unknown[]> = { [I in keyof P]: P[I] extends object ? Mocked<P[I]> : P[I] };
type Overrides<P extends readonly unknown[]> = { [I in keyof P & `${number}`]?: P[I] };

/** Parameter names from the compiled constructor, for readable mock names in failure messages. */
function parameterNames(cls: Constructor): string[] {
  const match = /constructor\s*\(([^)]*)\)/.exec(Function.prototype.toString.call(cls));
  return match ? match[1]!.split(',').map((p) => p.trim().split(/[\s=]/)[0]!) : [];
}

/**
 * Builds `cls` with every constructor parameter auto-mocked (or taken from `overrides`, keyed by
 * position). The parameter count comes from Nest's design-time metadata, else `cls.length`.
 */
export function newTestService<C extends Constructor>(
  cls: C,
  overrides: Overrides<ConstructorParameters<C>> = {},
): { sut: InstanceType<C>; mocks: MockedDeps<ConstructorParameters<C>> } {
  const types = (Reflect as unknown as { getMetadata?: (k: string, t: object) => unknown[] | undefined }).getMetadata?.(
    'design:paramtypes',
    cls,
  );
  const names = parameterNames(cls);
  const count = Math.max(types?.length ?? 0, cls.length, names.filter(Boolean).length);
  const given = overrides as Record<string, unknown>;
  const deps = Array.from({ length: count }, (_, i) =>
    String(i) in given ? given[String(i)] : autoMock(names[i] || `arg${i}`),
  );
  const sut = new (cls as unknown as new (...args: unknown[]) => InstanceType<C>)(...deps);
  return { sut, mocks: deps as MockedDeps<ConstructorParameters<C>> };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntity = abstract new (...args: any[]) => object;
/** The part of TypeORM's DataSource a service reaches through; typed loosely to avoid its overloads. */
interface DataSourceLike {
  getRepository: unknown;
  transaction: unknown;
}
/** The part of a TypeORM Repository / EntityManager specs stub: each method a jest.fn. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MockedStore = Record<string, jest.Mock<(...args: any[]) => any>>;

/**
 * For a service that still reaches tables through an injected DataSource (issue 8 moves these
 * behind repositories): `db.getRepository(Entity)` answers one auto-mock per entity, and
 * `db.transaction(work)` runs `work` with one auto-mocked EntityManager, `em`.
 *
 *   const { repo, em } = mockDatabase(db);
 *   repo(InvitationEntity).findOneBy.mockResolvedValue(invitation);
 */
export function mockDatabase(db: DataSourceLike) {
  const repos = new Map<unknown, MockedStore>();
  const em = autoMock<MockedStore>('em');
  const repo = (entity: AnyEntity): MockedStore => {
    if (!repos.has(entity)) repos.set(entity, autoMock<MockedStore>(`${entity.name}Repository`));
    return repos.get(entity)!;
  };
  (db.getRepository as jest.Mock<(e: AnyEntity) => unknown>).mockImplementation(repo);
  // transaction(work) or transaction(isolationLevel, work)
  (db.transaction as jest.Mock<(...a: unknown[]) => unknown>).mockImplementation(async (...args: unknown[]) =>
    (args.at(-1) as (m: unknown) => unknown)(em),
  );
  return { repo, em };
}

/** Every field optional, all the way down (functions, dates and maps kept whole). */
export type DeepPartial<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends Date | Map<unknown, unknown> | Set<unknown>
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/**
 * A fixture with only the fields the behaviour under test reads, typed as the whole thing: the
 * fields given are checked against the real type (unlike a cast), the rest stay undefined.
 * T comes from where the value goes (`repo.findOneBy.mockResolvedValue(partial({ id }))`), never from the
 * value itself, so the check is against the real type; name it where there is no such place: `partial<Input>(…)`.
 */
export function partial<T>(value: NoInfer<DeepPartial<T>>): T {
  return value as T;
}
