/** The BullMQ queue of grading jobs; a job's id is its submission's id. */
export const GRADING_QUEUE = 'grading';

export interface GradingJobData {
  submissionId: string;
}

/** Our own failures are retried this many times after the first try. */
export const INFRA_RETRIES = 3;

export const gradingJobOptions = (submissionId: string) => ({
  jobId: submissionId,
  attempts: INFRA_RETRIES + 1,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
});

/** Redis pub/sub channels. */
export const submissionChannel = (id: string) => `dojo:submission:${id}`;
export const CANCEL_CHANNEL = 'dojo:cancel';
