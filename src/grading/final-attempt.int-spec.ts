/**
 * isFinalAttempt against BullMQ 6.7's real counting: a real queue and worker on the local
 * Redis (own prefix), the grading processor and the validation runner with their database
 * stubbed, and a failure injected at every try. ERROR must be written during or after the
 * last try, never while a retry is still scheduled.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, Worker, type Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { draftHash } from '../authoring/draft-hash.js';
import { ExerciseValidationEntity } from '../authoring/exercise-validation.entity.js';
import type { AppConfig } from '../config/config.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import type { ExercisesService } from '../exercises/exercises.service.js';
import { GradingProcessor } from './grading.processor.js';
import { ValidationRunner } from './validation-runner.js';
import type { GradingJobData } from '../submissions/grading-queue.js';
import type { SubmissionLifecycle } from '../submissions/submission-lifecycle.js';
import { isFinalAttempt } from '../queue/final-attempt.js';
import type { SubmissionEntity } from '../submissions/submission.entity.js';
import type { DataSource, Repository } from 'typeorm';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ATTEMPTS = 4;
const prefix = `dojo_attempts_${randomBytes(4).toString('hex')}`;
const connection = { url: REDIS_URL, maxRetriesPerRequest: null };

/** Tries started per job id, and what was written to the stubbed database at which try. */
const triesStarted = new Map<string, number>();
const writes: { jobId: string; what: string; atTry: number }[] = [];
const record = (jobId: string, what: string) => writes.push({ jobId, what, atTry: triesStarted.get(jobId) ?? 0 });

// A version with no MODEL task: runModelPipeline throws ("not a complete MODEL exercise"), i.e. our failure.
const incompleteModel = {
  id: 'v-incomplete',
  dataset: null,
  task: null,
  budget: null,
  grader: 'accuracy-threshold',
  threshold: null,
  starterCode: '',
  referenceCode: 'export function build() {}',
  baselineCode: null,
  extraSolutions: {},
  entry: null,
  tests: null,
} as unknown as ExerciseVersionEntity;

const validationRows: Record<string, { id: string; status: string; exerciseVersionId: string; contentHash: string }> = {
  // The version lookup fails: thrown out of run(), so the 'failed' event decides.
  'val-lookup': { id: 'val-lookup', status: 'QUEUED', exerciseVersionId: 'v-missing', contentHash: 'x' },
  // The pipeline fails: caught inside run(), which decides itself.
  'val-pipeline': {
    id: 'val-pipeline',
    status: 'QUEUED',
    exerciseVersionId: incompleteModel.id,
    contentHash: draftHash(incompleteModel),
  },
};

const db = {
  getRepository: (entity: unknown) => {
    if (entity === ExerciseValidationEntity)
      return {
        findOneBy: async ({ id }: { id: string }) => ({ ...validationRows[id]! }),
        update: async ({ id }: { id: string }, set: { status: string }) => {
          validationRows[id]!.status = set.status;
          record(`validation-${id}`, set.status);
        },
      };
    throw new Error('unexpected repository');
  },
};

const lifecycle = {
  claim: async () => 'claimed',
  requeue: async (id: string) => record(id, 'QUEUED'),
  finish: async (id: string, outcome: { status: string }) => {
    record(id, outcome.status);
    return true;
  },
} as unknown as SubmissionLifecycle;

const submissions = {
  findOneBy: async ({ id }: { id: string }) => ({
    id,
    userId: 'u1',
    status: 'QUEUED',
    cancelRequested: false,
    exerciseVersionId: 'v-missing',
  }),
  findOne: async () => ({ cancelRequested: false }),
};
const exercises = {
  versionById: async (id: string) => {
    if (id === incompleteModel.id) return incompleteModel;
    throw new Error('injected: the database went away');
  },
};

describe('isFinalAttempt with BullMQ 6.7 (real Redis), a failure injected at every try', () => {
  let queue: Queue<GradingJobData>;
  let worker: Worker<GradingJobData>;

  beforeAll(async () => {
    // Partial stubs: only what a failing first step touches.
    const validations = new ValidationRunner(db as unknown as DataSource, exercises as unknown as ExercisesService);
    const processor = new GradingProcessor(
      { TRAINING_SEED: 1, MAX_RUNNING_PER_CANDIDATE: 1 } as AppConfig,
      submissions as unknown as Repository<SubmissionEntity>,
      exercises as unknown as ExercisesService,
      lifecycle,
      validations,
    );
    queue = new Queue(`grading_${prefix}`, { connection, prefix });
    worker = new Worker<GradingJobData>(
      queue.name,
      async (job: Job<GradingJobData>, token?: string) => {
        triesStarted.set(job.id!, (triesStarted.get(job.id!) ?? 0) + 1);
        return processor.process(job, token);
      },
      { connection, prefix, autorun: false },
    );
    worker.on('failed', (job, error) => void processor.onFailed(job, error));
    void worker.run();
    const opts = { attempts: ATTEMPTS, backoff: { type: 'fixed' as const, delay: 20 } };
    await queue.add('grade', { submissionId: 'sub-1' }, { ...opts, jobId: 'sub-1' });
    for (const id of Object.keys(validationRows))
      await queue.add('validate', { validationId: id }, { ...opts, jobId: `validation-${id}` });
    // Every job ends: completed ('gave up') or failed after its last try.
    const until = Date.now() + 90_000;
    for (;;) {
      const states = await Promise.all(
        ['sub-1', ...Object.keys(validationRows).map((id) => `validation-${id}`)].map((id) => queue.getJobState(id)),
      );
      if (states.every((s) => s === 'completed' || s === 'failed')) break;
      if (Date.now() > until) throw new Error(`jobs did not finish: ${states.join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let the last 'failed' listeners finish their writes.
    await new Promise((r) => setTimeout(r, 500));
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('runs every job exactly as many times as it has attempts', () => {
    expect(Object.fromEntries(triesStarted)).toEqual({
      'sub-1': ATTEMPTS,
      'validation-val-lookup': ATTEMPTS,
      'validation-val-pipeline': ATTEMPTS,
    });
  });

  it('puts a submission back in the queue after each try but the last, and ends it in ERROR only in the last', () => {
    const mine = writes.filter((w) => w.jobId === 'sub-1');
    expect(mine.filter((w) => w.what === 'QUEUED').map((w) => w.atTry)).toEqual([1, 2, 3]);
    expect(mine.filter((w) => w.what === 'ERROR').map((w) => w.atTry)).toEqual([ATTEMPTS]);
  });

  it.each(Object.keys(validationRows))(
    'marks validation run %s ERROR only after its last try, never while a retry is scheduled',
    (id) => {
      const errors = writes.filter((w) => w.jobId === `validation-${id}` && w.what === 'ERROR');
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors.map((w) => w.atTry)).toEqual(errors.map(() => ATTEMPTS));
      expect(validationRows[id]!.status).toBe('ERROR');
    },
  );

  it('reads the same count differently inside a try and in the failed event', () => {
    const job = { attemptsMade: 3, opts: { attempts: 4 } };
    expect(isFinalAttempt(job, 'running')).toBe(true); // the 4th try is running
    expect(isFinalAttempt(job, 'failed')).toBe(false); // the 3rd try failed; the 4th is scheduled
    expect(isFinalAttempt({ attemptsMade: 4, opts: { attempts: 4 } }, 'failed')).toBe(true);
    const stalled = Object.assign(new Error('job stalled more than allowable limit'), { name: 'UnrecoverableError' });
    expect(isFinalAttempt({ attemptsMade: 0, opts: { attempts: 4 } }, 'failed', stalled)).toBe(true);
  });
});
