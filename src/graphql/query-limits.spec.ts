import { describe, expect, it } from '@jest/globals';
import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { checkOperation, COST, type OperationLimits } from './query-limits.js';

const schema = buildSchema(`
  type Query { item(slug: String!): Item  items(limit: Int): [Item!]! }
  type Mutation { login(input: LoginInput!): String  touch: Boolean }
  input LoginInput { email: String!  password: String! }
  type Item { name: String  children: [Item!]! }
`);
const LIMITS: OperationLimits = { maxDepth: 4, maxComplexity: 1000, maxRootFields: 5, maxAliases: 5 };

const check = (query: string, variables: Record<string, unknown> = {}, limits: Partial<OperationLimits> = {}) => {
  const error = checkOperation(schema, parse(query), undefined, variables, { ...LIMITS, ...limits });
  return error && { code: error.extensions.code, http: error.extensions.http, message: error.message };
};

describe('checkOperation', () => {
  it('lets a plain query through', () => {
    expect(check('{ item(slug: "a") { name children { name } } }')).toBeUndefined();
  });

  it('refuses variables that do not fit their types with BAD_USER_INPUT, before anything else', () => {
    expect(check('query($n: Int) { items(limit: $n) { name } }', { n: 2 ** 40 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      http: { status: 400 },
    });
    expect(check('query($s: String!) { item(slug: $s) { name } }', {})?.message).toMatch(/"\$s"/);
  });

  it('counts root fields and aliases, fragments included', () => {
    const roots = Array.from({ length: 6 }, (_, i) => `i${i}: item(slug: "x") { name }`).join(' ');
    expect(check(`{ ${roots} }`)?.code).toBe('TOO_MANY_ROOT_FIELDS');
    expect(check('{ item(slug: "x") { ...F ...F } } fragment F on Item { a: name b: name c: name }')?.code).toBe(
      'TOO_MANY_ALIASES',
    );
  });

  it('refuses depth past the limit (introspection fields not counted)', () => {
    expect(check('{ items { children { children { children { children { name } } } } } }')?.code).toBe(
      'QUERY_TOO_DEEP',
    );
    expect(check('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toBeUndefined();
  });

  it('refuses a fragment bomb by counting, without expanding it', () => {
    const levels = 40; // 2^40 fields when expanded
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Item { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ item(slug: "x") { ...F0 } } ${fragments.join(' ')} fragment F${levels} on Item { name }`;
    const started = performance.now();
    expect(check(query)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(check(query)!.message).toMatch(/cost at least \d+/);
    expect(performance.now() - started).toBeLessThan(1000); // exponential expansion would never finish
  });

  it("charges root fields, mutations and password hashing, and not GraphiQL's introspection", () => {
    expect(check('{ items { name } }', {}, { maxComplexity: COST.rootQuery + 10 - 1 })?.code).toBe('QUERY_TOO_COMPLEX');
    expect(check('{ items { name } }', {}, { maxComplexity: COST.rootQuery + 10 })).toBeUndefined();
    expect(check('mutation { touch }', {}, { maxComplexity: COST.mutation - 1 })?.code).toBe('QUERY_TOO_COMPLEX');
    const login = 'mutation { login(input: { email: "a@b.c", password: "p" }) }';
    expect(check(login, {}, { maxComplexity: COST.passwordHashing - 1 })?.code).toBe('QUERY_TOO_COMPLEX');
    expect(check(login, {}, { maxComplexity: COST.passwordHashing })).toBeUndefined();
    expect(check(getIntrospectionQuery(), {}, { maxComplexity: 10, maxDepth: 1 })).toBeUndefined();
  });

  it('estimates again when @include makes the cost depend on variables', () => {
    const document = parse('query($all: Boolean!) { items { name children @include(if: $all) { name } } }');
    const run = (all: boolean) =>
      checkOperation(schema, document, undefined, { all }, { ...LIMITS, maxComplexity: 30 })?.extensions.code;
    expect(run(false)).toBeUndefined();
    expect(run(true)).toBe('QUERY_TOO_COMPLEX');
    expect(run(false)).toBeUndefined();
  });
});
