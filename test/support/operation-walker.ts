/**
 * Every operation the schema offers, as a runnable document, with fast-check arbitraries for
 * its variables: the shared base of the fuzz test (issue 9) and the schema-generated
 * authorisation test (issue 10). A new Query, Mutation or Subscription field appears here
 * without editing this file, so a table keyed by operation name can insist on a row for it.
 *
 *   const ops = walkOperations(schema);                       // [{ kind, name, document, field }]
 *   const vars = fc.sample(variablesArbitrary(ops[0], hints), 1)[0];
 *   await api.gql(ops[0].document, vars, token);
 *
 * `hints` (by argument or input-field name, e.g. `slug`, `assessmentId`, `email`; `name[]` for
 * the elements of a list) let a test
 * steer values to real objects so operations get past the guards; other values are random
 * but of the declared type. `mistypedVariablesArbitrary` produces values of the wrong shape.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface WalkedOperation {
  kind: OperationKind;
  /** The root field's name, e.g. `submitSolution`. */
  name: string;
  field: GraphQLField<unknown, unknown>;
  /** `mutation SubmitSolution($input: SubmitSolutionInput!) { submitSolution(input: $input) { … } }` */
  document: string;
}

/** Arbitraries that replace the generic ones for an argument or input field of this name. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

/** Every root field of Query, Mutation and Subscription, each as one operation selecting its fields `depth` levels deep. */
export function walkOperations(schema: GraphQLSchema, depth = 2): WalkedOperation[] {
  const roots: [OperationKind, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const out: WalkedOperation[] = [];
  for (const [kind, type] of roots) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const opName = field.name[0]!.toUpperCase() + field.name.slice(1);
      const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      const call = field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
      const document = `${kind} ${opName}${vars ? `(${vars})` : ''} { ${field.name}${call}${selectionSet(field.type, depth)} }`;
      out.push({ kind, name: field.name, field, document });
    }
  }
  return out;
}

/** ` { a b c { d } }` for an object type (fields needing arguments left out), '' for a scalar or enum. */
export function selectionSet(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named) || isInterfaceType(named)) return ' { __typename }';
  if (!isObjectType(named)) return '';
  const parts: string[] = [];
  for (const f of Object.values(named.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    if (isLeafType(getNamedType(f.type))) parts.push(f.name);
    else if (depth > 0) parts.push(`${f.name}${selectionSet(f.type, depth - 1)}`);
  }
  return ` { ${parts.length ? parts.join(' ') : '__typename'} }`;
}

/** Variables of the declared types for one operation (hints first, then random values). */
export function variablesArbitrary(op: WalkedOperation, hints: Hints = {}): fc.Arbitrary<Record<string, unknown>> {
  const entries = op.field.args.map((a: GraphQLArgument) => [a.name, argumentArbitrary(a, hints)] as const);
  return fc.record(Object.fromEntries(entries), { requiredKeys: requiredArgs(op) });
}

function requiredArgs(op: WalkedOperation): string[] {
  return op.field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name);
}

function argumentArbitrary(arg: GraphQLArgument, hints: Hints): fc.Arbitrary<unknown> {
  return inputArbitrary(arg.type, arg.name, hints, 0);
}

/** A value of `type` for a position named `name`: the hint for that name if there is one, else random of the type. */
export function inputArbitrary(
  type: GraphQLInputType,
  name: string,
  hints: Hints,
  depth: number,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return nonNull(type.ofType, name, hints, depth);
  // Nullable positions are sometimes null.
  return fc.oneof(
    { weight: 6, arbitrary: nonNull(type, name, hints, depth) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function nonNull(type: GraphQLInputType, name: string, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return nonNull(type.ofType, name, hints, depth);
  // A hint for a list position gives the whole list; `name[]` hints its elements.
  const hint = hints[name];
  if (hint) return hint;
  if (isListType(type))
    return fc.array(inputArbitrary(type.ofType, `${name}[]`, hints, depth + 1), { maxLength: depth > 2 ? 1 : 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.value as unknown));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const arbs = Object.fromEntries(fields.map((f) => [f.name, inputArbitrary(f.type, f.name, hints, depth + 1)]));
    const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
    return fc.record(arbs, { requiredKeys: required });
  }
  return scalarArbitrary(type.name);
}

/** Whether an operation takes a password anywhere in its arguments (it hashes: slow by design). */
export function takesPassword(op: WalkedOperation): boolean {
  return op.field.args.some((a) => {
    if (/password/i.test(a.name)) return true;
    const named = getNamedType(a.type);
    return isInputObjectType(named) && Object.keys(named.getFields()).some((f) => /password/i.test(f));
  });
}

/** Strings people and attackers actually send: empty, blank, long, non-ASCII, quotes, control characters. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '   \t',
    "O'Brien",
    '"; --',
    '😀',
    '中文',
    '\u0000',
    'a\u0000b',
    '\\',
    '%',
    '_',
    'x'.repeat(300),
  ),
);

export function scalarArbitrary(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)));
    case 'Float':
      return fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(0, 1, -1, 1e308, 5e-324));
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return fc.oneof(fc.uuid(), fc.constantFrom('abc', '-'.repeat(36), '00000000-0000-0000-0000-000000000000'));
    case 'DateTime':
      return fc.oneof(
        fc
          .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc.constantFrom('not a date', '2026-13-45T99:00:00Z', ''),
      );
    default:
      return nastyString;
  }
}

/** Variables of the wrong shape: values of another type, unknown keys, missing required ones. */
export function mistypedVariablesArbitrary(op: WalkedOperation): fc.Arbitrary<Record<string, unknown>> {
  const wrong = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(2 ** 40, -1.5, 'x', true, [], {}, { bogus: 1 }, [[1]]),
  );
  const names = op.field.args.map((a) => a.name);
  return fc.oneof(
    fc.constant({}),
    fc.dictionary(fc.constantFrom(...names, 'bogus'), wrong, { maxKeys: names.length + 1 }),
  );
}
