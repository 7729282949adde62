/**
 * What one GraphQL operation may ask for, checked the same way on every transport after the
 * standard validation rules have passed (so a fragment cycle is a validation error, never a
 * stack overflow here) and before anything executes:
 *
 *   1. its variables coerce against their declared types (else BAD_USER_INPUT naming the variable);
 *   2. at most `maxRootFields` root fields and `maxAliases` aliases (TOO_MANY_ROOT_FIELDS /
 *      TOO_MANY_ALIASES): 1,000 aliased `exercise` fields are refused without running one;
 *   3. nested at most `maxDepth` levels (QUERY_TOO_DEEP);
 *   4. an estimated cost at most `maxComplexity` (QUERY_TOO_COMPLEX with `cost` and `limit`):
 *      every field costs 1, a list multiplies its children by 10, a root query or subscription
 *      field costs 10 (a database round trip), a mutation 50, and a field taking a password
 *      500 (it hashes). Introspection (`__schema`, `__type`, `__typename`) costs nothing and
 *      is not counted, so GraphiQL works under any limit.
 *
 *   const problem = checkOperation(schema, document, operationName, variables, limitsFrom(config));
 *   if (problem) throw problem;   // a GraphQLError with extensions.code and an HTTP status of 400
 *
 * Used by `queryLimitsPlugin` (HTTP, Apollo) and the WebSocket server (websocket-server.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DomainError, type ErrorCode } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';

export interface OperationLimits {
  maxDepth: number;
  maxComplexity: number;
  maxRootFields: number;
  maxAliases: number;
}

export function limitsFrom(config: AppConfig): OperationLimits {
  return {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxComplexity: config.GRAPHQL_MAX_COMPLEXITY,
    maxRootFields: config.GRAPHQL_MAX_ROOT_FIELDS,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
  };
}

/** The estimated cost model (see the header); exported for the README and tests. */
export const COST = {
  field: 1,
  assumedListItems: 10,
  rootQuery: 10,
  mutation: 50,
  passwordHashing: 500,
} as const;

/** Most tokens a document may have: parsing stops there, so a huge document costs little to refuse. */
export const MAX_DOCUMENT_TOKENS = 20_000;

/** A refusal at the edge: the DomainError carries code and details for formatGraphQLError; `http` sets the status. */
export function edgeError(
  code: ErrorCode,
  message: string,
  details: DomainError['details'] = {},
  status = 400,
): GraphQLError {
  return new GraphQLError(message, {
    originalError: new DomainError(code, message, details),
    extensions: { code, http: { status } },
  });
}

/** The first reason to refuse this operation, or undefined when it may run. Assumes the document passed validation. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: OperationLimits,
): GraphQLError | undefined {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    return edgeError(
      'BAD_USER_INPUT',
      operationName ? `Unknown operation "${operationName}"` : 'Send one operation, or name the one to run',
      { field: 'operationName' },
    );
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) {
    const error = coerced.errors[0]!;
    const variable = /Variable "\$([^"]+)"/.exec(error.message)?.[1];
    return edgeError('BAD_USER_INPUT', error.message, variable ? { field: variable } : {});
  }

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const shape = measure(operation.selectionSet, fragments);
  if (shape.rootFields > limits.maxRootFields)
    return edgeError(
      'TOO_MANY_ROOT_FIELDS',
      `Too many root fields: ${shape.rootFields}, the limit is ${limits.maxRootFields} per operation. Send fewer, or several requests.`,
      { limit: limits.maxRootFields },
    );
  if (shape.aliases > limits.maxAliases)
    return edgeError(
      'TOO_MANY_ALIASES',
      `Too many aliases: ${shape.aliases}, the limit is ${limits.maxAliases} per operation.`,
      { limit: limits.maxAliases },
    );
  if (shape.depth > limits.maxDepth)
    return edgeError(
      'QUERY_TOO_DEEP',
      `'${operation.name?.value ?? ''}' exceeds maximum operation depth of ${limits.maxDepth} (it has ${shape.depth}).`,
      { limit: limits.maxDepth },
    );
  // Every counted field costs at least 1, so this refuses fragment bombs before the estimator expands them.
  if (shape.fields > limits.maxComplexity) return tooComplex(shape.fields, limits.maxComplexity, 'at least ');

  const key = operation.name?.value ?? '';
  let cost = shape.conditional ? undefined : costCache.get(document)?.get(key);
  if (cost === undefined) {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [introspectionIsFree, fieldExtensionsEstimator(), costEstimator(schema)],
    });
    // Apollo hands the same DocumentNode for the same query text, so a repeated operation is estimated once.
    if (!shape.conditional) costCache.set(document, (costCache.get(document) ?? new Map()).set(key, cost));
  }
  return cost > limits.maxComplexity ? tooComplex(cost, limits.maxComplexity, '') : undefined;
}

/** Costs by document and operation name, for documents whose cost cannot depend on variables (no @skip/@include). */
const costCache = new WeakMap<DocumentNode, Map<string, number>>();

function tooComplex(cost: number, limit: number, qualifier: string): GraphQLError {
  return edgeError(
    'QUERY_TOO_COMPLEX',
    `Query is too complex: cost ${qualifier}${cost}, the limit is ${limit}. Ask for fewer fields or nested lists.`,
    { cost, limit },
  );
}

interface Shape {
  /** Levels of nesting below the root fields (graphql-depth-limit's count). */
  depth: number;
  rootFields: number;
  aliases: number;
  /** Fields as executed (fragments expanded). */
  fields: number;
  /** Whether @skip or @include appears (then the cost depends on variables). */
  conditional: boolean;
}

/** Counts a selection set with fragments expanded, computing each fragment once (so a fragment bomb costs little). */
function measure(root: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): Shape {
  type Part = Omit<Shape, 'rootFields' | 'conditional'> & { roots: number };
  const memo = new Map<string, Part>();
  let conditional = false;
  const walk = (set: SelectionSetNode): Part => {
    const total = { depth: 0, aliases: 0, fields: 0, roots: 0 };
    const add = (part: Part) => {
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.fields += part.fields;
      total.roots += part.roots;
    };
    for (const s of set.selections) {
      if (s.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) conditional = true;
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue; // introspection: free, like graphql-depth-limit
        const inner = s.selectionSet ? walk(s.selectionSet) : { depth: -1, aliases: 0, fields: 0, roots: 0 };
        add({ depth: inner.depth + 1, aliases: inner.aliases + (s.alias ? 1 : 0), fields: inner.fields + 1, roots: 1 });
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        add(walk(s.selectionSet));
      } else {
        const name = s.name.value;
        let part = memo.get(name);
        if (!part) {
          const fragment = fragments.get(name);
          part = fragment ? walk(fragment.selectionSet) : { depth: 0, aliases: 0, fields: 0, roots: 0 };
          memo.set(name, part);
        }
        add(part);
      }
    }
    return total;
  };
  const { depth, aliases, fields, roots } = walk(root);
  return { depth: Math.max(0, depth), aliases, fields, rootFields: roots, conditional };
}

const introspectionIsFree: ComplexityEstimator = ({ type, field }) =>
  type.name.startsWith('__') || field.name.startsWith('__') ? 0 : undefined;

function costEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const mutation = schema.getMutationType();
  const roots = new Set([schema.getQueryType(), schema.getSubscriptionType(), mutation].filter(Boolean));
  return ({ type, field, childComplexity }) => {
    let own: number = COST.field;
    if (roots.has(type as GraphQLObjectType)) {
      own = type === mutation ? COST.mutation : COST.rootQuery;
      if (takesPassword(field)) own = COST.passwordHashing;
    }
    return own + (isList(field.type) ? COST.assumedListItems * childComplexity : childComplexity);
  };
}

/** A field with a password anywhere in its arguments hashes it (register, login, password changes…). */
function takesPassword(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => {
    if (/password/i.test(a.name)) return true;
    const named = getNamedType(a.type);
    return isInputObjectType(named) && Object.keys(named.getFields()).some((f) => /password/i.test(f));
  });
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** Apollo plugin: runs checkOperation once the operation is resolved (validation has passed by then). */
export function queryLimitsPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // Executed over HTTP a subscription would resolve nothing (a null for a non-null field: a 500).
          if (operation?.operation === 'subscription')
            throw new GraphQLError('Subscriptions run over the WebSocket (graphql-ws on /graphql), not HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          const problem = checkOperation(schema, document, request.operationName, request.variables, limits);
          if (problem) throw problem;
        },
      };
    },
  };
}

/** Removes "Did you mean …?" from a message (used when the schema is not public: introspection off). */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}
