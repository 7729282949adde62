import type { Job } from 'bullmq';

/**
 * Whether a job's try is its last, so our own failure now must end it (ERROR, not counted)
 * rather than hand it back for a retry.
 *
 * BullMQ 6.7 counts a try in `attemptsMade` only when the try ends: `moveToFailed` (and
 * `moveToCompleted`) add 1 *after* deciding, with `attemptsMade + 1 < attempts`, whether to
 * retry; the worker's 'failed' event is emitted after that. So the same number means two
 * things depending on when it is read:
 *   - `'running'` (inside process()): the running try is number attemptsMade + 1;
 *   - `'failed'` (in the 'failed' event): the failed try has been counted already.
 * A job that stalled too often fails with an UnrecoverableError, which is never retried.
 */
export function isFinalAttempt(
  job: Pick<Job, 'attemptsMade' | 'opts'>,
  when: 'running' | 'failed' = 'running',
  error?: Error,
): boolean {
  if (error && (error.name === 'UnrecoverableError' || /stalled more than allowable limit/i.test(error.message)))
    return true;
  const tries = when === 'running' ? job.attemptsMade + 1 : job.attemptsMade;
  return tries >= (job.opts.attempts ?? 1);
}

/** The running try's number and the total, for messages ("try 2 of 4"). */
export function tryOf(job: Pick<Job, 'attemptsMade' | 'opts'>): { tryNumber: number; attempts: number } {
  return { tryNumber: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 };
}
