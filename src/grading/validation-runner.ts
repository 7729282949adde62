import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { draftHash } from '../authoring/draft-hash.js';
import {
  ExerciseValidationEntity,
  type SolutionCheck,
  type ValidationEpoch,
  type ValidationProgress,
} from '../authoring/exercise-validation.entity.js';
import { codingTests } from '../coding/stored-tests.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { runCodingSubmission } from '../coding/run-coding-exercise.js';
import type { CodingTest } from '../coding/tests-file.js';
import type { GradingJobData } from '../submissions/grading-queue.js';
import { runModelPipeline, type PipelineHooks } from './model-pipeline.js';
import { isFinalAttempt, tryOf } from '../queue/final-attempt.js';
import { taskFitProblem } from '../authoring/task-fit.js';
import { defaultSandboxPool } from '../sandbox/sandbox.js';
import { prepareSubmission } from './model-validation/index.js';
import { gradeIn, text, verbatim, type GradeText } from '../graders/index.js';

/** A part's check while the run goes: its summary in every locale (stored as en + zh-CN). */
type PartCheck = Omit<SolutionCheck, 'summary' | 'summaryZhCN'> & { summary: GradeText };

const PART_ZH: Record<string, string> = {
  reference: '参考解答',
  starter: '初始代码',
  baseline: '基线解答',
  'python reference': 'Python 参考解答',
  'python starter': 'Python 初始代码',
};

const STAGE_ZH: Record<string, string> = {
  SANDBOX: '沙箱',
  sandbox: '沙箱',
  VALIDATE: '模型检查',
  validate: '模型检查',
  TRAIN: '训练',
};

/** What a part had to do and did not, in both locales (the run's reason lists one per line). */
function partFailure(r: PartCheck): GradeText {
  const must =
    r.solution === 'starter' && r.mustPass
      ? text('must build and be accepted', '必须能构建并通过模型检查')
      : r.mustPass
        ? text('must pass', '必须通过')
        : text('must be graded and fail', '必须完成评分且不通过');
  return text(
    `${r.solution} ${must.en}, but: ${r.summary.en}`,
    `${PART_ZH[r.solution] ?? r.solution}${must['zh-CN']}，但是：${r.summary['zh-CN']}`,
  );
}

/** A stage's refusal: our framing translated, the message (from the code's own checks) verbatim. */
function refusal(stage: string, message: string, line?: number): GradeText {
  return text(
    `${stage}: ${message}${line !== undefined ? ` (line ${line})` : ''}`,
    `${STAGE_ZH[stage] ?? stage}：${message}${line !== undefined ? `（第 ${line} 行）` : ''}`,
  );
}

/** An error's first line without server paths: what a mentor may read (the rest goes to the log). */
export function mentorSafe(message: string): string {
  return (message.split('\n')[0] ?? '')
    .replace(/(?:file:\/\/)?\/[\w.@+-]+(?:\/[\w.@+-]+)+(?::\d+)*/g, '(server path)')
    .slice(0, 500);
}

/**
 * A mentor's validation run: every solution of the draft goes through the same pipeline as a
 * submission. The reference (and any extra solution) must pass; the baseline must be graded
 * and fail. Only then may the draft be published.
 */
@Injectable()
export class ValidationRunner {
  private readonly logger = new Logger('validation');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly exercises: ExercisesService,
  ) {}

  async run(validationId: string, job: Job<GradingJobData>, seed: number): Promise<string> {
    const repo = this.db.getRepository(ExerciseValidationEntity);
    const run = await repo.findOneBy({ id: validationId });
    if (!run || ['PASSED', 'FAILED', 'ERROR'].includes(run.status)) return 'nothing to do';
    // A retried run starts its live view again.
    await repo.update({ id: run.id }, { status: 'RUNNING', epochs: [], progress: null });
    const version = await this.exercises.versionById(run.exerciseVersionId);
    // A run vouches only for the content it was requested for: a draft edited while the run
    // waited is not validated under that run's hash (else edit → pass → edit back → publish).
    if (draftHash(version) !== run.contentHash) {
      await repo.update(
        { id: run.id },
        {
          status: 'ERROR',
          ...reasonColumns(
            text(
              'The draft was edited after this validation run was requested, so it checked nothing; run validateExercise again',
              '请求这次验证之后草稿又被修改过，所以它什么也没有检查；请重新运行 validateExercise',
            ),
          ),
          finishedAt: new Date(),
        },
      );
      return 'stale';
    }
    const live = this.liveView(run.id);
    const tests = codingTests(version);
    if (tests) return this.finishRun(run.id, await this.checkCoding(version, tests, live));
    // A task the data set cannot feed builds and validates, then breaks in training: the
    // mentor's mistake, said as such before anything trains.
    const misfit = version.task && taskFitProblem(version.dataset, version.task);
    if (misfit) {
      await repo.update(
        { id: run.id },
        {
          status: 'FAILED',
          ...reasonColumns(
            text(
              `The exercise's ${misfit.message}; fix it with updateExercise`,
              `题目的设置有误：${misfit.message}；请用 updateExercise 修正`,
            ),
          ),
          results: [],
          finishedAt: new Date(),
        },
      );
      return 'failed';
    }
    const solutions: { solution: string; code: string; mustPass: boolean }[] = [
      { solution: 'reference', code: version.referenceCode, mustPass: true },
      ...Object.entries(version.extraSolutions).map(([solution, code]) => ({ solution, code, mustPass: true })),
      ...(version.baselineCode ? [{ solution: 'baseline', code: version.baselineCode, mustPass: false }] : []),
    ];
    try {
      await live.part('starter', 'build');
      const results: PartCheck[] = [await this.checkModelStarter(version)];
      for (const s of solutions) {
        await live.part(s.solution, 'build');
        const outcome = await runModelPipeline({
          version,
          language: s.code.trimStart().startsWith('{') ? 'KERAS_JSON' : 'TYPESCRIPT',
          code: s.code,
          seed,
          signal: new AbortController().signal,
          hooks: live.hooks(s.solution),
        });
        if (outcome.kind === 'refused') {
          results.push({
            solution: s.solution,
            mustPass: s.mustPass,
            passed: false,
            ok: false,
            summary: refusal(outcome.stage, outcome.message),
          });
        } else {
          const passed = outcome.grade.passed;
          const e = outcome.result.evaluation;
          results.push({
            solution: s.solution,
            mustPass: s.mustPass,
            passed,
            ok: passed === s.mustPass,
            accuracy: e.accuracy,
            interval: e.interval,
            summary: text(outcome.grade.summary, gradeIn(outcome.grade, 'zh-CN').summary),
          });
        }
      }
      return this.finishRun(run.id, results);
    } catch (e) {
      const { tryNumber, attempts } = tryOf(job);
      this.logger.error(`validation ${validationId}, try ${tryNumber} of ${attempts}: ${(e as Error).message}`);
      if (!isFinalAttempt(job, 'running')) {
        await repo.update({ id: run.id }, { status: 'QUEUED' });
        throw e;
      }
      await this.markError(validationId, e as Error);
      return 'gave up';
    }
  }

  /**
   * MODEL: candidates start from the starter, so it must build in the sandbox and be accepted
   * by the model checks (not trained: it is meant to fall short of the threshold).
   */
  private async checkModelStarter(version: ExerciseVersionEntity): Promise<PartCheck> {
    const code = version.starterCode;
    const prepared = await prepareSubmission(
      {
        language: code.trimStart().startsWith('{') ? 'KERAS_JSON' : 'TYPESCRIPT',
        code,
        task: { dataset: version.dataset!, ...version.task! },
      },
      version.budget!,
      defaultSandboxPool(),
    );
    if (!prepared.ok && prepared.retryable) throw new Error(`sandbox: ${prepared.message}`);
    return {
      solution: 'starter',
      mustPass: true,
      passed: prepared.ok,
      ok: prepared.ok,
      summary: prepared.ok
        ? text(
            `builds and is accepted (${prepared.plan.params.total} parameters); not trained`,
            `可以构建并通过模型检查（${prepared.plan.params.total} 个参数）；未训练`,
          )
        : refusal(prepared.stage, mentorSafe(prepared.message), prepared.line),
    };
  }

  /** CODING: the reference must pass every test (hidden ones too) and the starter must fail some. */
  private async checkCoding(version: ExerciseVersionEntity, tests: CodingTest[], live: LiveView): Promise<PartCheck[]> {
    const results: PartCheck[] = [];
    const solutions: [string, 'TYPESCRIPT' | 'PYTHON', string, string, boolean][] = [
      ['reference', 'TYPESCRIPT', version.entry ?? 'default', version.referenceCode, true],
      ['starter', 'TYPESCRIPT', version.entry ?? 'default', version.starterCode, false],
    ];
    // A Python version is held to the same tests: its reference passes, its starter fails.
    if (version.pythonEntry && version.pythonReferenceCode !== null && version.pythonStarterCode !== null) {
      solutions.push(['python reference', 'PYTHON', version.pythonEntry, version.pythonReferenceCode, true]);
      solutions.push(['python starter', 'PYTHON', version.pythonEntry, version.pythonStarterCode, false]);
    }
    for (const [solution, language, entry, code, mustPass] of solutions) {
      await live.part(solution, 'test');
      const run = await runCodingSubmission({ language, code, entry, tests });
      if (run.retryable) throw new Error(`sandbox: ${run.error?.message ?? 'crashed'}`);
      const passed = run.error === undefined && run.passed === run.total;
      const failedNames = run.results
        .filter((r) => !r.passed)
        .map((r) => r.name)
        .slice(0, 5);
      results.push({
        solution,
        mustPass,
        passed,
        ok: passed === mustPass,
        accuracy: run.score,
        summary: run.error
          ? verbatim(run.error.message)
          : text(
              `${run.passed} of ${run.total} tests passed${failedNames.length ? ` (failed: ${failedNames.join(', ')})` : ''}`,
              `${run.total} 个测试通过了 ${run.passed} 个${failedNames.length ? `（未通过：${failedNames.join('、')}）` : ''}`,
            ),
      });
    }
    return results;
  }

  /**
   * The run's live view, read by the mentor page while it polls: each trained epoch appended as
   * it ends (the curves), the part being checked, and the batch at most once a second.
   */
  private liveView(id: string): LiveView {
    const repo = this.db.getRepository(ExerciseValidationEntity);
    let shown = 0;
    return {
      part: async (solution, stage) => {
        await repo.update({ id }, { progress: { solution, stage } });
      },
      hooks: (solution) => ({
        onEpoch: async (log) => {
          const entry: ValidationEpoch = {
            solution,
            epoch: log.epoch,
            loss: log.loss,
            accuracy: log.accuracy,
            ...(log.valLoss !== undefined ? { valLoss: log.valLoss } : {}),
            ...(log.valAccuracy !== undefined ? { valAccuracy: log.valAccuracy } : {}),
          };
          await repo
            .createQueryBuilder()
            .update()
            .set({ epochs: () => 'epochs || CAST(:entry AS jsonb)' })
            .setParameter('entry', JSON.stringify([entry]))
            .where('id = :id', { id })
            .execute();
        },
        onProgress: async (p) => {
          if (Date.now() - shown < 1000) return;
          shown = Date.now();
          const { stage, epoch, batch, batchesInEpoch } = p;
          await repo.update({ id }, { progress: { solution, stage, epoch, batch, batchesInEpoch } });
        },
      }),
    };
  }

  private async finishRun(id: string, checks: PartCheck[]): Promise<string> {
    const bad = checks.filter((r) => !r.ok);
    const failures = bad.map(partFailure);
    const reason = bad.length
      ? text(failures.map((f) => f.en).join('\n'), failures.map((f) => f['zh-CN']).join('\n'))
      : checks.some((r) => r.solution === 'baseline')
        ? text(
            'The starter builds, the reference passes and the baseline fails',
            '初始代码可以构建，参考解答通过，基线解答不通过',
          )
        : text(
            'The reference passes every test and the starter fails some',
            '参考解答通过全部测试，初始代码有测试不通过',
          );
    const results: SolutionCheck[] = checks.map(({ summary, ...rest }) => ({
      ...rest,
      summary: summary.en,
      summaryZhCN: summary['zh-CN'],
    }));
    await this.db.getRepository(ExerciseValidationEntity).update(
      { id },
      {
        status: bad.length ? 'FAILED' : 'PASSED',
        ...reasonColumns(reason),
        results,
        progress: null,
        finishedAt: new Date(),
      },
    );
    return bad.length ? 'failed' : 'passed';
  }

  /** The worker's 'failed' event: BullMQ has counted the failed try already (see isFinalAttempt). */
  async onJobFailed(validationId: string, job: Job<GradingJobData>, error: Error): Promise<void> {
    if (!isFinalAttempt(job, 'failed', error)) return;
    await this.markError(validationId, error);
  }

  private async markError(validationId: string, error: Error): Promise<void> {
    await this.db.getRepository(ExerciseValidationEntity).update(
      { id: validationId },
      {
        status: 'ERROR',
        ...reasonColumns(
          text(
            `The validation run failed on our side (${mentorSafe(error.message)}); run it again`,
            `验证在我们这边出错了（${mentorSafe(error.message)}）；请再运行一次`,
          ),
        ),
        progress: null,
        finishedAt: new Date(),
      },
    );
  }
}

interface LiveView {
  part(solution: string, stage: ValidationProgress['stage']): Promise<void>;
  hooks(solution: string): Pick<PipelineHooks, 'onEpoch' | 'onProgress'>;
}

/** The run's reason as stored: English in `reason`, Simplified Chinese beside it. */
function reasonColumns(reason: GradeText): Pick<ExerciseValidationEntity, 'reason' | 'reasonZhCN'> {
  return { reason: reason.en, reasonZhCN: reason['zh-CN'] };
}
