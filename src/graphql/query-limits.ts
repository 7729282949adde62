import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import {
  GraphQLError,
  Kind,
  isListType,
  type OperationDefinitionNode,
  isNonNullType,
  type GraphQLOutputType,
  type ValidationRule,
} from 'graphql';
import {
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
  type ComplexityEstimator,
} from 'graphql-query-complexity';

/** Refuses documents nested deeper than `max` levels (fragments included). */
export function depthLimitRule(max: number): ValidationRule {
  return depthLimit(max) as ValidationRule;
}

/**
 * Refuses an operation whose estimated cost is over `max`: every field costs 1, and list
 * fields multiply their children's cost (estimated at 10 items), so one request cannot ask
 * for the whole database.
 */
export function complexityLimitPlugin(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // Introspection (GraphiQL's schema docs) reads the schema, not the database: not charged.
          if (isIntrospectionOnly(operation)) return;
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [
              fieldExtensionsEstimator(),
              listMultiplierEstimator(10),
              simpleEstimator({ defaultComplexity: 1 }),
            ],
          });
          if (complexity > max) {
            throw new GraphQLError(
              `Query is too complex: cost ${complexity}, the limit is ${max}. Ask for fewer fields or nested lists.`,
              {
                extensions: { code: 'QUERY_TOO_COMPLEX', limit: max },
              },
            );
          }
        },
      };
    },
  };
}

function isIntrospectionOnly(operation: OperationDefinitionNode | null | undefined): boolean {
  return (
    !!operation &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'))
  );
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function listMultiplierEstimator(assumedItems: number): ComplexityEstimator {
  return ({ field, childComplexity }) => {
    if (!isList(field.type)) return undefined;
    return 1 + assumedItems * childComplexity;
  };
}
