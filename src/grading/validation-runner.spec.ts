import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Job } from 'bullmq';
import { mockDatabase, newTestService, type MockedStore } from '../../test/support/unit/new-test-service.js';
import { draftHash } from '../authoring/draft-hash.js';
import { ExerciseValidationEntity } from '../authoring/exercise-validation.entity.js';
import type { CodingRunResult } from '../coding/run-coding-exercise.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import type { GradingJobData } from '../submissions/grading-queue.js';

// The sandbox and the training pipeline are stubbed: what is tested is what the runner decides and stores.
const runCodingSubmission = jest.fn<(input: { code: string; language: string }) => Promise<CodingRunResult>>();
const runModelPipeline = jest.fn<(req: { code: string; language: string; seed: number }) => Promise<unknown>>();
const prepareSubmission = jest.fn<(...a: unknown[]) => Promise<unknown>>();
jest.unstable_mockModule('../coding/run-coding-exercise.js', () => ({ runCodingSubmission }));
jest.unstable_mockModule('./model-pipeline.js', () => ({ runModelPipeline }));
jest.unstable_mockModule('./model-validation/index.js', () => ({ prepareSubmission }));
jest.unstable_mockModule('../sandbox/sandbox.js', () => ({ defaultSandboxPool: () => 'pool' }));
const { ValidationRunner, mentorSafe } = await import('./validation-runner.js');

const tests = [{ name: 't', hidden: false, input: [1], expected: 1, compare: { kind: 'exact' as const } }];
const base = {
  id: 'v-1',
  dataset: null,
  task: null,
  budget: null,
  grader: 'unit-tests',
  threshold: 1,
  starterCode: 'starter',
  referenceCode: 'reference',
  baselineCode: null,
  extraSolutions: {},
  entry: 'default',
  tests: storedCodingTests(tests),
  pythonEntry: null as string | null,
  pythonStarterCode: null as string | null,
  pythonReferenceCode: null as string | null,
};
const modelVersion = {
  ...base,
  dataset: 'cifar10',
  task: { inputShape: [32, 32, 3], numClasses: 10 },
  budget: { maxParams: 1000, maxEpochs: 2, maxBatchSize: 64 },
  grader: 'accuracy-threshold',
  tests: null,
  entry: null,
  baselineCode: 'baseline',
  extraSolutions: { alt: '{"keras": true}' },
};
const codingRun = (passed: number, total = 1, over: Partial<CodingRunResult> = {}): CodingRunResult => ({
  score: passed / total,
  passed,
  total,
  results: Array.from({ length: total }, (_, i) => ({ name: `t${i}`, hidden: false, passed: i < passed, millis: 1 })),
  console: { text: '', truncated: false } as CodingRunResult['console'],
  millis: 1,
  ...over,
});
const graded = (passed: boolean) => ({
  kind: 'graded',
  grade: {
    passed,
    summary: passed ? 'good' : 'short',
    localized: { 'zh-CN': { summary: passed ? '好' : '不足', feedback: [] } },
  },
  result: { evaluation: { accuracy: passed ? 0.9 : 0.3, interval: { low: 0.1, high: 0.95 } } },
});
const job = (attemptsMade = 0, attempts = 3) => ({ attemptsMade, opts: { attempts } }) as Job<GradingJobData>;

function setup(version: object, status = 'QUEUED') {
  const { sut, mocks } = newTestService(ValidationRunner);
  const { repo } = mockDatabase(mocks[0]);
  const runs = repo(ExerciseValidationEntity);
  runs.findOneBy.mockResolvedValue({
    id: 'val-1',
    status,
    exerciseVersionId: 'v-1',
    contentHash: draftHash(version as Parameters<typeof draftHash>[0]),
  });
  mocks[1].versionById.mockResolvedValue(version as ExerciseVersionEntity);
  runCodingSubmission.mockReset();
  runModelPipeline.mockReset();
  prepareSubmission.mockReset().mockResolvedValue({ ok: true, plan: { params: { total: 500 } } });
  return { sut, runs };
}
const lastWrite = (runs: MockedStore) => runs.update.mock.calls.at(-1)![1] as Record<string, unknown>;

describe('ValidationRunner.run', () => {
  it('does nothing for a run that is gone or already final', async () => {
    const { sut, runs } = setup(base, 'PASSED');
    await expect(sut.run('val-1', job(), 1)).resolves.toBe('nothing to do');
    runs.findOneBy.mockResolvedValue(null);
    await expect(sut.run('val-1', job(), 1)).resolves.toBe('nothing to do');
    expect(runs.update).not.toHaveBeenCalled();
  });

  it('ends a run whose draft was edited after it was requested as ERROR (stale), checking nothing', async () => {
    const { sut, runs } = setup(base);
    runs.findOneBy.mockResolvedValue({ id: 'val-1', status: 'QUEUED', exerciseVersionId: 'v-1', contentHash: 'old' });
    await expect(sut.run('val-1', job(), 1)).resolves.toBe('stale');
    expect(runs.update).toHaveBeenNthCalledWith(1, { id: 'val-1' }, { status: 'RUNNING', epochs: [], progress: null });
    expect(lastWrite(runs)).toMatchObject({ status: 'ERROR', reason: expect.stringContaining('edited after') });
    expect(runCodingSubmission).not.toHaveBeenCalled();
  });

  describe('CODING', () => {
    let t: ReturnType<typeof setup>;
    beforeEach(() => {
      t = setup(base);
    });

    it('passes when the reference passes every test and the starter fails some', async () => {
      runCodingSubmission.mockImplementation(async ({ code }) => codingRun(code === 'reference' ? 1 : 0));
      await expect(t.sut.run('val-1', job(), 1)).resolves.toBe('passed');
      expect(lastWrite(t.runs)).toMatchObject({
        status: 'PASSED',
        reason: 'The reference passes every test and the starter fails some',
        reasonZhCN: '参考解答通过全部测试，初始代码有测试不通过',
        results: [
          expect.objectContaining({
            solution: 'reference',
            passed: true,
            ok: true,
            summary: '1 of 1 tests passed',
            summaryZhCN: '1 个测试通过了 1 个',
          }),
          expect.objectContaining({ solution: 'starter', passed: false, ok: true }),
        ],
      });
    });

    it('fails, saying which solution did what, when the starter passes too', async () => {
      runCodingSubmission.mockResolvedValue(codingRun(1));
      await expect(t.sut.run('val-1', job(), 1)).resolves.toBe('failed');
      expect(lastWrite(t.runs)).toMatchObject({
        status: 'FAILED',
        reason: 'starter must be graded and fail, but: 1 of 1 tests passed',
        reasonZhCN: '初始代码必须完成评分且不通过，但是：1 个测试通过了 1 个',
      });
    });

    it('holds a Python version to the same tests, naming failed tests and code that cannot run', async () => {
      t = setup({ ...base, pythonEntry: 'solve', pythonStarterCode: 'py starter', pythonReferenceCode: 'py ref' });
      runCodingSubmission.mockImplementation(async ({ code }) =>
        code === 'reference'
          ? codingRun(1)
          : code === 'py ref'
            ? codingRun(1, 2)
            : codingRun(0, 1, { error: { code: 'COMPILE_ERROR', message: 'SyntaxError' } }),
      );
      await expect(t.sut.run('val-1', job(), 1)).resolves.toBe('failed');
      expect(runCodingSubmission.mock.calls.map((c) => [c[0].language, c[0].code])).toEqual([
        ['TYPESCRIPT', 'reference'],
        ['TYPESCRIPT', 'starter'],
        ['PYTHON', 'py ref'],
        ['PYTHON', 'py starter'],
      ]);
      expect(lastWrite(t.runs).results).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            solution: 'python reference',
            ok: false,
            summary: '1 of 2 tests passed (failed: t1)',
            summaryZhCN: '2 个测试通过了 1 个（未通过：t1）',
          }),
          expect.objectContaining({ solution: 'python starter', ok: true, summary: 'SyntaxError' }),
        ]),
      );
    });
  });

  describe('MODEL', () => {
    let t: ReturnType<typeof setup>;
    beforeEach(() => {
      t = setup(modelVersion);
    });

    it('refuses a task the data set cannot feed before anything trains (FAILED, the mentor to fix it)', async () => {
      t = setup({ ...modelVersion, task: { inputShape: [28, 28, 1], numClasses: 10 } });
      await expect(t.sut.run('val-1', job(), 1)).resolves.toBe('failed');
      expect(lastWrite(t.runs)).toMatchObject({
        status: 'FAILED',
        reason: expect.stringMatching(/^The exercise's task.inputShape/),
      });
      expect(runModelPipeline).not.toHaveBeenCalled();
    });

    it('passes when the starter builds, the reference and extra solutions pass and the baseline is graded and fails', async () => {
      runModelPipeline.mockImplementation(async ({ code }) => graded(code !== 'baseline'));
      await expect(t.sut.run('val-1', job(), 42)).resolves.toBe('passed');
      expect(runModelPipeline.mock.calls.map((c) => [c[0].code, c[0].language, c[0].seed])).toEqual([
        ['reference', 'TYPESCRIPT', 42],
        ['{"keras": true}', 'KERAS_JSON', 42],
        ['baseline', 'TYPESCRIPT', 42],
      ]);
      expect(lastWrite(t.runs)).toMatchObject({
        status: 'PASSED',
        reason: 'The starter builds, the reference passes and the baseline fails',
      });
      expect(lastWrite(t.runs).results).toEqual([
        expect.objectContaining({
          solution: 'starter',
          ok: true,
          summary: 'builds and is accepted (500 parameters); not trained',
          summaryZhCN: '可以构建并通过模型检查（500 个参数）；未训练',
        }),
        expect.objectContaining({ solution: 'reference', ok: true, accuracy: 0.9, summary: 'good', summaryZhCN: '好' }),
        expect.objectContaining({ solution: 'alt', ok: true }),
        expect.objectContaining({ solution: 'baseline', passed: false, ok: true }),
      ]);
    });

    it('stores each trained epoch for the curves and the batch at most once a second, naming the solution', async () => {
      const qb: Record<string, jest.Mock> = {};
      for (const step of ['update', 'set', 'setParameter', 'where']) qb[step] = jest.fn(() => qb);
      qb.execute = jest.fn(async () => ({}));
      t.runs.createQueryBuilder.mockReturnValue(qb);
      runModelPipeline.mockImplementation(async (req) => {
        const { hooks } = req as unknown as {
          hooks: { onEpoch: (l: object) => Promise<void>; onProgress: (p: object) => Promise<void> };
        };
        if (req.code === 'reference') {
          await hooks.onProgress({ stage: 'train', epoch: 1, batch: 3, batchesInEpoch: 10 });
          await hooks.onProgress({ stage: 'train', epoch: 1, batch: 4, batchesInEpoch: 10 });
          await hooks.onEpoch({ epoch: 1, loss: 1.5, accuracy: 0.4, valLoss: 1.6 });
        }
        return graded(req.code !== 'baseline');
      });
      await expect(t.sut.run('val-1', job(), 42)).resolves.toBe('passed');
      expect(qb.setParameter).toHaveBeenCalledTimes(1);
      expect(JSON.parse(qb.setParameter.mock.calls[0][1] as string)).toEqual([
        { solution: 'reference', epoch: 1, loss: 1.5, accuracy: 0.4, valLoss: 1.6 },
      ]);
      expect(qb.where).toHaveBeenCalledWith('id = :id', { id: 'val-1' });
      const progress = t.runs.update.mock.calls.map((c) => (c[1] as { progress?: unknown }).progress).filter(Boolean);
      expect(progress).toContainEqual({
        solution: 'reference',
        stage: 'train',
        epoch: 1,
        batch: 3,
        batchesInEpoch: 10,
      });
      expect(progress).not.toContainEqual(expect.objectContaining({ batch: 4 }));
      expect(progress).toContainEqual({ solution: 'baseline', stage: 'build' });
    });

    it('fails when a solution is refused or the starter does not build, without server paths in the reason', async () => {
      prepareSubmission.mockResolvedValue({
        ok: false,
        stage: 'SANDBOX',
        message: 'Cannot find /srv/app/dist/x.js:1:2\nstack',
        line: 4,
      });
      runModelPipeline.mockResolvedValue({ kind: 'refused', stage: 'VALIDATE', message: 'too many params' });
      await expect(t.sut.run('val-1', job(), 1)).resolves.toBe('failed');
      const reason = lastWrite(t.runs).reason as string;
      expect(reason).toContain('starter must build and be accepted, but: SANDBOX: Cannot find (server path) (line 4)');
      expect(reason).toContain('reference must pass, but: VALIDATE: too many params');
      expect(reason).not.toContain('/srv/app');
      // The mentor reading in Chinese gets our framing translated, the checks' own messages verbatim.
      const reasonZh = lastWrite(t.runs).reasonZhCN as string;
      expect(reasonZh).toContain('初始代码必须能构建并通过模型检查，但是：沙箱：Cannot find (server path)（第 4 行）');
      expect(reasonZh).toContain('参考解答必须通过，但是：模型检查：too many params');
      expect(reasonZh).not.toContain('/srv/app');
    });

    it('our failure before the last try puts the run back in the queue and fails the try', async () => {
      prepareSubmission.mockResolvedValue({ ok: false, retryable: true, message: 'pool closed' });
      await expect(t.sut.run('val-1', job(0, 3), 1)).rejects.toThrow('sandbox: pool closed');
      expect(lastWrite(t.runs)).toEqual({ status: 'QUEUED' });
    });

    it('on the last try it ends as ERROR with a mentor-safe reason', async () => {
      runModelPipeline.mockRejectedValue(new Error('OOM at /opt/dojo/native/build/x.node'));
      await expect(t.sut.run('val-1', job(2, 3), 1)).resolves.toBe('gave up');
      expect(lastWrite(t.runs)).toMatchObject({
        status: 'ERROR',
        reason: 'The validation run failed on our side (OOM at (server path)); run it again',
        reasonZhCN: '验证在我们这边出错了（OOM at (server path)）；请再运行一次',
      });
    });
  });
});

describe('ValidationRunner.onJobFailed', () => {
  it('marks the run ERROR only when the failed try was the last', async () => {
    const { sut, runs } = setup(base);
    await sut.onJobFailed('val-1', job(1, 3), new Error('x'));
    expect(runs.update).not.toHaveBeenCalled();
    await sut.onJobFailed('val-1', job(3, 3), new Error('stalled'));
    expect(runs.update).toHaveBeenCalledWith({ id: 'val-1' }, expect.objectContaining({ status: 'ERROR' }));
  });
});

describe('mentorSafe', () => {
  it('keeps the first line, replaces server paths and caps the length', () => {
    expect(mentorSafe('failed at file:///app/src/a.ts:3:9 then\nsecret stack')).toBe('failed at (server path) then');
    expect(mentorSafe('x'.repeat(900))).toHaveLength(500);
  });
});
