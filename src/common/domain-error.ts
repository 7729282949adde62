/**
 * The one error type services throw on purpose. `code` becomes `extensions.code` on the
 * GraphQL error (see graphql-errors.ts); `field` names the offending input where there is one.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'EXERCISE_UNAVAILABLE'
  | 'SUBMISSION_FINISHED'
  | 'EXERCISE_CLOSED'
  | 'ASSESSMENT_IN_PROGRESS'
  | 'EXERCISE_FROM_REPOSITORY'
  | 'EMAIL_NOT_VERIFIED'
  // Refusals at the GraphQL edge (src/graphql): the operation never ran.
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ROOT_FIELDS'
  | 'TOO_MANY_ALIASES'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_SUBSCRIPTIONS';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; limit?: number | string; retryAfterSeconds?: number; cost?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string, limit?: number | string) =>
  new DomainError('BAD_USER_INPUT', message, { field, limit });
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found`);
