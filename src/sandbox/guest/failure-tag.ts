/**
 * Marks errors raised on purpose by the trusted guest code inside an isolate, so the child
 * (child/failures.ts) can tell them from the candidate's own exceptions. Shared by the guest
 * programs (bundled into them) and the host side of the child.
 */
export const FAILURE_TAG = '\u0000DOJO:';

/** The error codes a guest program may raise on purpose. */
export type GuestFailureCode = 'BAD_RETURN' | 'OUTPUT_TOO_LARGE' | 'INVALID_MODEL';

export function tagged(code: GuestFailureCode, message: string): Error {
  return new Error(FAILURE_TAG + code + ':' + message);
}
