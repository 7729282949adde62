/**
 * Check and Run for the exercise page: the candidate's code in the API's own sandbox pool
 * (CHECK_POOL_SIZE children, never behind training on the workers), not an attempt, nothing
 * stored.
 *
 *   checkModel(user, { exerciseSlug, language, code })      → ModelCheckView (summary vs budget, or the error)
 *   runVisibleTests(user, { exerciseSlug, language, code }) → VisibleTestRunView (visible tests only)
 *
 * Hidden tests never run here: a candidate cannot probe them without spending attempts.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { runCodingSubmission } from '../coding/run-coding-exercise.js';
import { codingTests } from '../coding/stored-tests.js';
import { testReport } from '../coding/test-report.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { prepareSubmission } from '../grading/model-validation/index.js';
import { CheckAdmission } from '../check-pool/check-admission.js';
import { CHECK_POOL } from '../check-pool/check-pool.js';
import { defaultPythonSandbox } from '../python-sandbox/python-sandbox.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import type { ModelParams, ModelTask, SandboxFailureCode } from '../sandbox/sandbox.types.js';
import { SubmissionLanguage } from '../submissions/submission.types.js';
import type { PracticeCodeInput } from './dto/practice-code.input.js';
import type { CodeErrorView, ModelCheckView, ModelSummaryView, VisibleTestRunView } from './practice-checks.types.js';

@Injectable()
export class PracticeChecksService {
  constructor(
    @Inject(CHECK_POOL) private readonly pool: SandboxPool,
    private readonly exercises: ExercisesService,
    private readonly admission: CheckAdmission,
  ) {}

  async checkModel(user: AuthUser, input: PracticeCodeInput): Promise<ModelCheckView> {
    const { exercise, version } = await this.exercises.published(input.exerciseSlug);
    if (exercise.type !== ExerciseType.MODEL || !version.task || !version.budget || !version.dataset)
      throw wrongKind(input.exerciseSlug, 'MODEL', 'runVisibleTests');
    if (input.language === SubmissionLanguage.QUIZ_ANSWERS || input.language === SubmissionLanguage.PYTHON)
      throw new DomainError('BAD_USER_INPUT', 'language: MODEL exercises take TYPESCRIPT, JAVASCRIPT or KERAS_JSON', {
        field: 'language',
      });
    await this.admission.admit(user.id, 'checks');
    const task: ModelTask = { dataset: version.dataset, ...version.task };
    const budget = version.budget;
    const started = performance.now();
    const prepared = await prepareSubmission({ language: input.language, code: input.code, task }, budget, this.pool);
    const millis = Math.round(performance.now() - started);
    const console = prepared.console ?? { text: '', truncated: false };
    const summary = (
      params: ModelParams,
      plan?: { epochs: number; batchSize: number; optimizer: string; loss: string },
    ): ModelSummaryView => ({
      layers: params.layers.map((l) => ({
        name: l.name,
        className: l.className,
        outputShape: JSON.stringify(l.outputShape),
        params: l.params,
      })),
      totalParams: params.total,
      maxParams: budget.maxParams,
      withinParamBudget: params.total <= budget.maxParams,
      epochs: plan ? Math.min(plan.epochs, budget.maxEpochs) : null,
      maxEpochs: budget.maxEpochs,
      batchSize: plan?.batchSize ?? null,
      maxBatchSize: budget.maxBatchSize,
      optimizer: plan?.optimizer ?? null,
      loss: plan?.loss ?? null,
    });
    if (prepared.ok) {
      const { plan } = prepared;
      return {
        ok: true,
        error: null,
        refusals: [],
        summary: summary(plan.params, {
          epochs: plan.fit.epochs,
          batchSize: plan.fit.batchSize,
          optimizer: plan.compile.optimizer.name,
          loss: plan.compile.loss,
        }),
        console,
        millis,
      };
    }
    if (prepared.stage === 'validate') {
      return {
        ok: false,
        error: null,
        refusals: prepared.refusals ?? [{ path: '', message: prepared.message }],
        summary: prepared.params ? summary(prepared.params) : null,
        console,
        millis,
      };
    }
    return {
      ok: false,
      error: codeError(prepared.code, prepared.message, prepared.line, prepared.column),
      refusals: [],
      summary: null,
      console,
      millis,
    };
  }

  async runVisibleTests(user: AuthUser, input: PracticeCodeInput): Promise<VisibleTestRunView> {
    const { exercise, version } = await this.exercises.published(input.exerciseSlug);
    const tests = codingTests(version);
    if (exercise.type !== ExerciseType.CODING || !tests) throw wrongKind(input.exerciseSlug, 'CODING', 'checkModel');
    const language = input.language;
    if (
      language !== SubmissionLanguage.TYPESCRIPT &&
      language !== SubmissionLanguage.JAVASCRIPT &&
      language !== SubmissionLanguage.PYTHON
    )
      throw new DomainError('BAD_USER_INPUT', 'language: CODING exercises take TYPESCRIPT, JAVASCRIPT or PYTHON', {
        field: 'language',
      });
    const entry =
      language === SubmissionLanguage.PYTHON
        ? await this.exercises.requirePython(input.exerciseSlug, version)
        : (version.entry ?? 'default');
    await this.admission.admit(user.id, 'checks');
    const visible = tests.filter((t) => !t.hidden);
    const run = await runCodingSubmission({
      language,
      code: input.code,
      entry,
      tests: visible,
      pool: this.pool,
      python: defaultPythonSandbox('api'),
    });
    return {
      passed: run.passed,
      total: run.total,
      results: testReport(visible, run).visible,
      error: run.error ? codeError(run.error.code, run.error.message, run.error.line, run.error.column) : null,
      console: run.console,
      hiddenTestCount: tests.length - visible.length,
      millis: run.millis,
    };
  }
}

function wrongKind(slug: string, kind: 'MODEL' | 'CODING', other: string): DomainError {
  return new DomainError(
    'BAD_USER_INPUT',
    `exerciseSlug: "${slug}" is not a ${kind} exercise; ${other} is for the other kind, answerQuiz for quizzes`,
    { field: 'exerciseSlug' },
  );
}

function codeError(code: SandboxFailureCode | string, message: string, line?: number, column?: number): CodeErrorView {
  return { code, message, line: line ?? null, column: column ?? null };
}
