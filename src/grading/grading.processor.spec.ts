import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DelayedError, type Job } from 'bullmq';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import type { AppConfig } from '../config/config.js';
import type { CodingRunResult } from '../coding/run-coding-exercise.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import type { GradingJobData } from '../submissions/grading-queue.js';
import type { SubmissionEntity } from '../submissions/submission.entity.js';
import { SubmissionLanguage, SubmissionStage, SubmissionStatus } from '../submissions/submission.types.js';

// The sandbox run, the model pipeline and Redis are the processor's neighbours: stubbed here
// (the default sandbox pool it closes on shutdown is never started in a unit spec).
const runCodingSubmission = jest.fn<(input: { signal?: AbortSignal }) => Promise<CodingRunResult>>();
const gradeModelSubmission = jest.fn<(...a: unknown[]) => Promise<void>>();
const subscriber = { on: jest.fn(), subscribe: jest.fn(async (_channel: string) => 1), disconnect: jest.fn() };
jest.unstable_mockModule('../coding/run-coding-exercise.js', () => ({ runCodingSubmission }));
jest.unstable_mockModule('./model-grading.js', () => ({ gradeModelSubmission }));
jest.unstable_mockModule('../redis/redis.js', () => ({ createRedis: () => subscriber }));
const { GradingProcessor } = await import('./grading.processor.js');
const { runningSubmissions } = await import('../queue/worker-heartbeat.js');

const config = {
  TRAINING_SEED: 7,
  MAX_RUNNING_PER_CANDIDATE: 1,
  WORKER_CONCURRENCY: 2,
  REDIS_URL: 'redis://unused',
  QUEUE_PREFIX: 'tdojo',
} as AppConfig;
const tests = [
  { name: 'one', hidden: false, input: [1], expected: 1, compare: { kind: 'exact' as const } },
  { name: 'two', hidden: true, input: [2], expected: 2, compare: { kind: 'exact' as const } },
];
const codingVersion = {
  id: 'v-1',
  tests: storedCodingTests(tests),
  entry: 'default',
  pythonEntry: 'solve',
  threshold: 1,
};
const submission = (over: Partial<SubmissionEntity> = {}) =>
  partial<SubmissionEntity>({
    id: 'sub-1',
    userId: 'u-1',
    exerciseVersionId: 'v-1',
    language: SubmissionLanguage.TYPESCRIPT,
    code: 'export default (x) => x;',
    status: SubmissionStatus.QUEUED,
    cancelRequested: false,
    ...over,
  });
const run = (over: Partial<CodingRunResult> = {}): CodingRunResult => ({
  score: 1,
  passed: 2,
  total: 2,
  results: [
    { name: 'one', hidden: false, passed: true, millis: 1 },
    { name: 'two', hidden: true, passed: true, millis: 1 },
  ],
  console: { text: 'printed', truncated: false } as CodingRunResult['console'],
  millis: 5,
  ...over,
});
const job = (data: GradingJobData, attemptsMade = 0, attempts = 3) =>
  ({
    id: 'job-1',
    data,
    attemptsMade,
    opts: { attempts },
    moveToDelayed: jest.fn(async () => undefined),
  }) as unknown as Job<GradingJobData> & { moveToDelayed: jest.Mock };

function setup() {
  const { sut, mocks } = newTestService(GradingProcessor, { 0: config });
  const [, submissions, exercises, lifecycle, validations] = mocks;
  submissions.findOneBy.mockResolvedValue(partial(submission()));
  submissions.findOne.mockResolvedValue(partial({ cancelRequested: false, status: SubmissionStatus.RUNNING }));
  exercises.versionById.mockResolvedValue(partial(codingVersion));
  lifecycle.claim.mockResolvedValue('claimed');
  lifecycle.enterStage.mockResolvedValue(true);
  lifecycle.finish.mockResolvedValue(true);
  runCodingSubmission.mockReset().mockResolvedValue(run());
  gradeModelSubmission.mockReset().mockResolvedValue(undefined);
  return { sut, submissions, exercises, lifecycle, validations };
}
type Setup = ReturnType<typeof setup>;
const finishedWith = (t: Setup) => t.lifecycle.finish.mock.calls.at(-1)![1];

describe('GradingProcessor.process: before grading', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('hands a validation job to the validation runner with the training seed', async () => {
    t.validations.run.mockResolvedValue('passed');
    const j = job({ validationId: 'val-1' });
    await expect(t.sut.process(j)).resolves.toBe('passed');
    expect(t.validations.run).toHaveBeenCalledWith('val-1', j, 7);
    expect(t.submissions.findOneBy).not.toHaveBeenCalled();
  });

  it('does nothing for a submission that is gone or already final', async () => {
    t.submissions.findOneBy.mockResolvedValueOnce(null);
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('no such submission');
    t.submissions.findOneBy.mockResolvedValueOnce(partial(submission({ status: SubmissionStatus.PASSED })));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('already PASSED');
    expect(t.lifecycle.claim).not.toHaveBeenCalled();
  });

  it('ends a submission cancelled while it waited as CANCELLED, not counted, without claiming it', async () => {
    t.submissions.findOneBy.mockResolvedValue(partial(submission({ cancelRequested: true })));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('cancelled');
    expect(t.lifecycle.finish).toHaveBeenCalledWith('sub-1', {
      status: SubmissionStatus.CANCELLED,
      reason: 'Cancelled before grading started',
      countsAsAttempt: false,
    });
    expect(t.lifecycle.claim).not.toHaveBeenCalled();
  });

  it("waits, without using up a try, while another of the candidate's submissions runs", async () => {
    t.lifecycle.claim.mockResolvedValue('busy');
    const j = job({ submissionId: 'sub-1' });
    await expect(t.sut.process(j, 'tok')).rejects.toBeInstanceOf(DelayedError);
    expect(j.moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'tok');
    expect(runCodingSubmission).not.toHaveBeenCalled();
    expect(runningSubmissions.has('sub-1')).toBe(false);
  });

  it('says a resumed submission was taken over, and claims within the per-candidate running limit', async () => {
    t.submissions.findOneBy.mockResolvedValue(partial(submission({ status: SubmissionStatus.RUNNING })));
    await t.sut.process(job({ submissionId: 'sub-1' }));
    expect(t.lifecycle.claim).toHaveBeenCalledWith('sub-1', 'u-1', 1, expect.stringMatching(/^Taken over/));
  });

  it('a claim that finds the submission gone: CANCELLED if a cancel was asked for, else left alone', async () => {
    t.lifecycle.claim.mockResolvedValue('gone');
    t.submissions.findOne.mockResolvedValueOnce(partial({ cancelRequested: true }));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('cancelled');
    t.lifecycle.finish.mockClear();
    t.submissions.findOne.mockResolvedValueOnce(null);
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('no longer waiting');
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
  });

  it('lets a failing claim fail the try, forgetting the submission as running', async () => {
    t.lifecycle.claim.mockRejectedValue(new Error('db down'));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).rejects.toThrow('db down');
    expect(runningSubmissions.has('sub-1')).toBe(false);
  });
});

describe('GradingProcessor.process: a CODING submission', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('runs every test in the sandbox through VALIDATE and GRADE, and finishes PASSED, counted, with the grade', async () => {
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('graded');
    expect(t.lifecycle.enterStage.mock.calls.map((c) => c[1])).toEqual([
      SubmissionStage.VALIDATE,
      SubmissionStage.GRADE,
    ]);
    expect(runCodingSubmission).toHaveBeenCalledWith(
      expect.objectContaining({ language: 'TYPESCRIPT', entry: 'default', tests }),
    );
    expect(finishedWith(t)).toMatchObject({
      status: 'PASSED',
      countsAsAttempt: true,
      consoleOutput: 'printed',
      grade: { grader: 'unit-tests', passed: true, score: 100, threshold: 1 },
    });
  });

  it("runs Python with the version's Python entry, and finishes FAILED when a test fails", async () => {
    t.submissions.findOneBy.mockResolvedValue(partial(submission({ language: SubmissionLanguage.PYTHON })));
    runCodingSubmission.mockResolvedValue(run({ score: 0.5, passed: 1 }));
    await t.sut.process(job({ submissionId: 'sub-1' }));
    expect(runCodingSubmission.mock.calls[0]![0]).toMatchObject({ entry: 'solve' });
    expect(finishedWith(t)).toMatchObject({ status: 'FAILED', countsAsAttempt: true });
  });

  it("code that cannot run is the candidate's ERROR, counted, with its code and line", async () => {
    runCodingSubmission.mockResolvedValue(
      run({ error: { code: 'COMPILE_ERROR', message: 'bad syntax', line: 3, column: 4 } }),
    );
    await t.sut.process(job({ submissionId: 'sub-1' }));
    expect(finishedWith(t)).toMatchObject({
      status: 'ERROR',
      reason: 'bad syntax',
      errorKind: 'CANDIDATE',
      errorCode: 'COMPILE_ERROR',
      errorLine: 3,
      errorColumn: 4,
      countsAsAttempt: true,
    });
  });

  it('a sandbox failure before the last try goes back to the queue, not counted, and fails the try', async () => {
    runCodingSubmission.mockResolvedValue(
      run({ retryable: true, error: { code: 'SANDBOX_CRASHED', message: 'child died' } }),
    );
    await expect(t.sut.process(job({ submissionId: 'sub-1' }, 0, 3))).rejects.toThrow('sandbox: child died');
    expect(t.lifecycle.requeue).toHaveBeenCalledWith('sub-1', expect.stringContaining('try 1 of 3'), true);
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
  });

  it('on the last try it ends as our ERROR (INFRASTRUCTURE), not counted', async () => {
    runCodingSubmission.mockResolvedValue(run({ retryable: true }));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }, 2, 3))).resolves.toBe('gave up');
    expect(finishedWith(t)).toMatchObject({
      status: 'ERROR',
      errorKind: 'INFRASTRUCTURE',
      errorCode: 'INFRASTRUCTURE',
      countsAsAttempt: false,
    });
  });

  it('a MODEL exercise goes to the model pipeline with the seed', async () => {
    t.exercises.versionById.mockResolvedValue(partial({ id: 'v-1', tests: null }));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('graded');
    expect(gradeModelSubmission).toHaveBeenCalledWith(
      expect.objectContaining({ lifecycle: t.lifecycle, seed: 7 }),
      expect.objectContaining({ id: 'sub-1' }),
      expect.objectContaining({ id: 'v-1' }),
      expect.any(AbortSignal),
    );
  });
});

describe('GradingProcessor.process: stopping while grading', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('a stage change refused because the candidate cancelled ends it CANCELLED while grading', async () => {
    t.lifecycle.enterStage.mockResolvedValue(false);
    t.submissions.findOne.mockResolvedValue(partial({ cancelRequested: true }));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('cancelled');
    expect(finishedWith(t)).toEqual({ status: 'CANCELLED', reason: 'Cancelled while grading', countsAsAttempt: false });
  });

  it('a submission finished elsewhere (another worker took it over) is left as it is', async () => {
    t.lifecycle.enterStage.mockResolvedValue(false);
    t.submissions.findOne.mockResolvedValue(partial({ cancelRequested: false, status: SubmissionStatus.PASSED }));
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).resolves.toBe('already PASSED');
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
  });

  it('a stage change refused for another reason is our failure (retried)', async () => {
    t.lifecycle.enterStage.mockResolvedValue(false);
    await expect(t.sut.process(job({ submissionId: 'sub-1' }))).rejects.toThrow('left the RUNNING state');
    expect(t.lifecycle.requeue).toHaveBeenCalled();
  });

  it('the cancel message stops the sandbox run and ends it CANCELLED', async () => {
    const j = job({ submissionId: 'sub-1' });
    Object.defineProperty(t.sut, 'worker', { get: () => ({ concurrency: 0 }) });
    await t.sut.onModuleInit();
    const onMessage = subscriber.on.mock.calls.filter((c) => c[0] === 'message').at(-1)![1] as (
      channel: string,
      id: string,
    ) => void;
    runCodingSubmission.mockImplementation(async ({ signal }) => {
      onMessage('tdojo:cancel', 'sub-1');
      signal!.throwIfAborted();
      return run();
    });
    await expect(t.sut.process(j)).resolves.toBe('cancelled');
    expect(finishedWith(t)).toMatchObject({ status: 'CANCELLED', reason: 'Cancelled while grading' });
  });

  it('on shutdown the running submission goes back to the queue, not counted, and the job is delayed', async () => {
    const j = job({ submissionId: 'sub-1' });
    runCodingSubmission.mockImplementation(async ({ signal }) => {
      await t.sut.onModuleDestroy();
      signal!.throwIfAborted();
      return run();
    });
    await expect(t.sut.process(j, 'tok')).rejects.toBeInstanceOf(DelayedError);
    expect(t.lifecycle.requeue).toHaveBeenCalledWith('sub-1', expect.stringMatching(/worker is stopping/), false);
    expect(j.moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'tok');
  });
});

describe('GradingProcessor.onFailed', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('gives a submission whose last try failed outside process() a final ERROR, not counted', async () => {
    await t.sut.onFailed(job({ submissionId: 'sub-1' }, 3, 3), new Error('stalled'));
    expect(finishedWith(t)).toMatchObject({ status: 'ERROR', errorKind: 'INFRASTRUCTURE', countsAsAttempt: false });
  });

  it('leaves a try that will be retried, and a job it was not given, alone', async () => {
    await t.sut.onFailed(job({ submissionId: 'sub-1' }, 1, 3), new Error('x'));
    await t.sut.onFailed(undefined, new Error('x'));
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
  });

  it("hands a validation job's failure to the validation runner", async () => {
    const j = job({ validationId: 'val-1' }, 3, 3);
    const error = new Error('x');
    await t.sut.onFailed(j, error);
    expect(t.validations.onJobFailed).toHaveBeenCalledWith('val-1', j, error);
  });

  it('never throws out of the event (that would end the worker process)', async () => {
    t.lifecycle.finish.mockRejectedValue(new Error('db down'));
    await expect(t.sut.onFailed(job({ submissionId: 'sub-1' }, 3, 3), new Error('x'))).resolves.toBeUndefined();
  });
});

describe('GradingProcessor lifecycle', () => {
  it('takes its concurrency from the config and listens on the cancel channel under QUEUE_PREFIX', async () => {
    const t = setup();
    const worker = { concurrency: 0 };
    Object.defineProperty(t.sut, 'worker', { get: () => worker });
    await t.sut.onModuleInit();
    expect(worker.concurrency).toBe(2);
    expect(subscriber.subscribe).toHaveBeenCalledWith('tdojo:cancel');
    await t.sut.onModuleDestroy();
    expect(subscriber.disconnect).toHaveBeenCalled();
  });
});
