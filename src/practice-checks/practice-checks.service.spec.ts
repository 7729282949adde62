import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { DomainError } from '../common/domain-error.js';
import type { CodingRunResult } from '../coding/run-coding-exercise.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import type { PublishedExercise } from '../exercises/exercises.service.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import { SubmissionLanguage } from '../submissions/submission.types.js';

// The sandbox is stubbed: what is tested is who may check, what runs, and what the candidate sees.
const runCodingSubmission =
  jest.fn<(input: { tests: unknown[]; entry: string; pool: unknown }) => Promise<CodingRunResult>>();
const prepareSubmission = jest.fn<(...a: unknown[]) => Promise<unknown>>();
jest.unstable_mockModule('../coding/run-coding-exercise.js', () => ({ runCodingSubmission }));
jest.unstable_mockModule('../grading/model-validation/index.js', () => ({ prepareSubmission }));
jest.unstable_mockModule('../python-sandbox/python-sandbox.js', () => ({ defaultPythonSandbox: () => 'python' }));
const { PracticeChecksService } = await import('./practice-checks.service.js');

const me: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'me@x.test' };
const budget = { maxParams: 1000, maxEpochs: 5, maxBatchSize: 64 };
const modelExercise = {
  exercise: { type: ExerciseType.MODEL },
  version: { dataset: 'cifar10', task: { inputShape: [32, 32, 3], numClasses: 10 }, budget, tests: null },
} as unknown as PublishedExercise;
const tests = [
  {
    name: 'shown',
    hidden: false,
    input: [1, Number.POSITIVE_INFINITY],
    expected: [1],
    compare: { kind: 'exact' as const },
  },
  { name: 'throws', hidden: false, input: [0], throws: true, compare: { kind: 'exact' as const } },
  { name: 'secret', hidden: true, input: [2], expected: 2, compare: { kind: 'exact' as const } },
];
const codingExercise = {
  exercise: { type: ExerciseType.CODING },
  version: { tests: storedCodingTests(tests), entry: null },
} as unknown as PublishedExercise;
const layers = [{ name: 'd', className: 'Dense', outputShape: [null, 10], params: 500 }];

function setup(published: PublishedExercise) {
  const pool = { size: 2, waiting: () => 0 } as unknown as SandboxPool;
  const { sut, mocks } = newTestService(PracticeChecksService, { 0: pool });
  const [, exercises, admission] = mocks;
  exercises.published.mockResolvedValue(published);
  runCodingSubmission.mockReset();
  prepareSubmission.mockReset();
  return { sut, exercises, admission, pool };
}
const input = (language: string, exerciseSlug = 'ex') => ({
  exerciseSlug,
  language: language as SubmissionLanguage,
  code: 'c',
});

describe('PracticeChecksService.checkModel', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup(modelExercise);
  });

  it('refuses a CODING exercise, pointing at runVisibleTests (BAD_USER_INPUT on exerciseSlug)', async () => {
    t = setup(codingExercise);
    await expect(t.sut.checkModel(me, input('TYPESCRIPT'))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'exerciseSlug' },
      message: expect.stringContaining('runVisibleTests'),
    });
  });

  it.each(['PYTHON', 'QUIZ_ANSWERS'])('refuses %s for a model (BAD_USER_INPUT on language)', async (language) => {
    await expect(t.sut.checkModel(me, input(language))).rejects.toMatchObject({ details: { field: 'language' } });
    expect(t.admission.admit).not.toHaveBeenCalled();
  });

  it("refuses when the check pool's admission does (the account's rate or a full line), before the sandbox runs", async () => {
    t.admission.admit.mockRejectedValue(new DomainError('RATE_LIMITED', 'slow down'));
    await expect(t.sut.checkModel(me, input('TYPESCRIPT'))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(t.admission.admit).toHaveBeenCalledWith('u-1', 'checks');
    expect(prepareSubmission).not.toHaveBeenCalled();
  });

  it('summarises a model that builds against the budget: layers, parameters, the plan capped by maxEpochs', async () => {
    prepareSubmission.mockResolvedValue({
      ok: true,
      plan: {
        params: { layers, total: 1500 },
        fit: { epochs: 9, batchSize: 32 },
        compile: { optimizer: { name: 'adam' }, loss: 'categoricalCrossentropy' },
      },
      console: { text: 'hi', truncated: false },
    });
    const view = await t.sut.checkModel(me, input('KERAS_JSON'));
    expect(prepareSubmission).toHaveBeenCalledWith(
      { language: 'KERAS_JSON', code: 'c', task: { dataset: 'cifar10', inputShape: [32, 32, 3], numClasses: 10 } },
      budget,
      t.pool,
    );
    expect(view).toMatchObject({
      ok: true,
      error: null,
      console: { text: 'hi' },
      summary: {
        layers: [{ name: 'd', className: 'Dense', outputShape: '[null,10]', params: 500 }],
        totalParams: 1500,
        withinParamBudget: false,
        epochs: 5,
        batchSize: 32,
        optimizer: 'adam',
      },
    });
  });

  it('lists the refusals of a model the checks refuse, with its summary when it was built', async () => {
    prepareSubmission.mockResolvedValue({
      ok: false,
      stage: 'validate',
      message: 'too big',
      refusals: [{ path: 'layers[0]', message: 'too wide' }],
      params: { layers, total: 500 },
    });
    const view = await t.sut.checkModel(me, input('TYPESCRIPT'));
    expect(view).toMatchObject({
      ok: false,
      refusals: [{ path: 'layers[0]' }],
      summary: { epochs: null, optimizer: null },
    });
    expect(view.console).toEqual({ text: '', truncated: false });
    prepareSubmission.mockResolvedValue({ ok: false, stage: 'validate', message: 'bad plan' });
    await expect(t.sut.checkModel(me, input('TYPESCRIPT'))).resolves.toMatchObject({
      refusals: [{ path: '', message: 'bad plan' }],
      summary: null,
    });
  });

  it('shows code that cannot be built as an error with its code and place', async () => {
    prepareSubmission.mockResolvedValue({
      ok: false,
      stage: 'sandbox',
      code: 'COMPILE_ERROR',
      message: 'Unexpected token',
      line: 2,
    });
    await expect(t.sut.checkModel(me, input('TYPESCRIPT'))).resolves.toMatchObject({
      ok: false,
      error: { code: 'COMPILE_ERROR', message: 'Unexpected token', line: 2, column: null },
      summary: null,
    });
  });
});

describe('PracticeChecksService.runVisibleTests', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup(codingExercise);
    runCodingSubmission.mockResolvedValue({
      score: 0.5,
      passed: 1,
      total: 2,
      results: [
        { name: 'shown', hidden: false, passed: true, got: '[1]', millis: 2 },
        {
          name: 'throws',
          hidden: false,
          passed: false,
          message: 'did not throw',
          line: 3,
          column: 1,
          console: 'x',
          millis: 1,
        },
      ],
      console: { text: '', truncated: false } as CodingRunResult['console'],
      millis: 4,
    });
  });

  it('refuses a MODEL exercise, pointing at checkModel', async () => {
    t = setup(modelExercise);
    await expect(t.sut.runVisibleTests(me, input('TYPESCRIPT'))).rejects.toMatchObject({
      details: { field: 'exerciseSlug' },
      message: expect.stringContaining('checkModel'),
    });
  });

  it('refuses Keras JSON for a coding exercise (BAD_USER_INPUT on language)', async () => {
    await expect(t.sut.runVisibleTests(me, input('KERAS_JSON'))).rejects.toMatchObject({
      details: { field: 'language' },
    });
  });

  it('runs only the visible tests and says how many are hidden, never their content', async () => {
    const view = await t.sut.runVisibleTests(me, input('TYPESCRIPT'));
    const ran = runCodingSubmission.mock.calls[0]![0];
    expect(ran.tests.map((x) => (x as { name: string }).name)).toEqual(['shown', 'throws']);
    expect(ran).toMatchObject({ entry: 'default', pool: t.pool });
    expect(view).toMatchObject({ passed: 1, total: 2, hiddenTestCount: 1, error: null });
    expect(view.results).toEqual([
      expect.objectContaining({
        name: 'shown',
        input: '[1,"Infinity"]',
        expected: '[1]',
        got: '[1]',
        passed: true,
        line: null,
      }),
      expect.objectContaining({
        name: 'throws',
        expected: null,
        got: null,
        message: 'did not throw',
        line: 3,
        console: 'x',
      }),
    ]);
    expect(JSON.stringify(view)).not.toContain('secret');
  });

  it("runs Python with the exercise's Python entry, refused when it has none", async () => {
    t.exercises.requirePython.mockResolvedValueOnce('solve');
    await t.sut.runVisibleTests(me, input('PYTHON'));
    expect(runCodingSubmission.mock.calls[0]![0]).toMatchObject({ entry: 'solve' });
    t.exercises.requirePython.mockRejectedValueOnce(new DomainError('BAD_USER_INPUT', 'language: no Python'));
    await expect(t.sut.runVisibleTests(me, input('PYTHON'))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(runCodingSubmission).toHaveBeenCalledTimes(1);
  });

  it('shows code that could not run as an error', async () => {
    runCodingSubmission.mockResolvedValue({
      score: 0,
      passed: 0,
      total: 2,
      // Code that cannot run fails every test with the same message.
      results: ['shown', 'throws'].map((name) => ({
        name,
        hidden: false,
        passed: false,
        message: 'too slow',
        millis: 0,
      })),
      error: { code: 'TIMEOUT', message: 'too slow' },
      console: { text: '', truncated: false } as CodingRunResult['console'],
      millis: 1,
    });
    const view = await t.sut.runVisibleTests(me, input('JAVASCRIPT'));
    expect(view.error).toEqual({ code: 'TIMEOUT', message: 'too slow', line: null, column: null });
  });
});
