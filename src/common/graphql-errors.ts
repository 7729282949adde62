import { Logger } from '@nestjs/common';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error.js';

const logger = new Logger('GraphQLErrors');

/** Codes that graphql-js / Apollo produce themselves and that are safe to show as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TOO_COMPLEX',
]);

/** The single place where errors become what a client sees: a code, a message, never internals. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError && typeof code === 'string' && CLIENT_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  const status = httpStatus(original);
  if (status === 401) return { ...base, message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } };
  if (status === 403) return { ...base, message: 'You are not allowed to do this', extensions: { code: 'FORBIDDEN' } };
  if (status === 400) return { ...base, message: formatted.message, extensions: { code: 'BAD_USER_INPUT' } };

  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function httpStatus(e: unknown): number | undefined {
  if (e && typeof e === 'object' && 'getStatus' in e && typeof (e as { getStatus: unknown }).getStatus === 'function') {
    return (e as { getStatus(): number }).getStatus();
  }
  return undefined;
}

/**
 * The same formatting for results sent over graphql-ws (subscriptions bypass Apollo's
 * formatError): `onNext` and `onError` of the WebSocket server.
 */
export const webSocketErrorFormatting = {
  onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
    result.errors ? { ...result, errors: result.errors.map((e) => formatGraphQLError(e.toJSON(), e)) } : undefined,
  onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
    errors.map((e) => formatGraphQLError(e.toJSON(), e)),
};
