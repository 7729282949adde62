/** The BullMQ queue of grading jobs; a job's id is its submission's id. */
export const GRADING_QUEUE = 'grading';

/** Job 'grade' carries a submission id; job 'validate' a mentor's validation run id. */
export type GradingJobData =
  { submissionId: string; validationId?: undefined } | { validationId: string; submissionId?: undefined };

/** Our own failures are retried this many times after the first try. */
export const INFRA_RETRIES = 3;

export const gradingJobOptions = (submissionId: string) => ({
  jobId: submissionId,
  attempts: INFRA_RETRIES + 1,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
});

export const validationJobOptions = (validationId: string) => ({
  ...gradingJobOptions(validationId),
  jobId: `validation-${validationId}`,
});

/** Redis pub/sub channels, under QUEUE_PREFIX like the queue, so deployments sharing a Redis do not hear each other. */
export const submissionChannel = (prefix: string, id: string) => `${prefix}:submission:${id}`;
export const cancelChannel = (prefix: string) => `${prefix}:cancel`;
