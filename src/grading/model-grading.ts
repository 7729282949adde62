/**
 * A MODEL submission on the worker: the pipeline (sandbox → validate → train → evaluate →
 * grade) with its stage changes and curves stored, then, when the result is close to the
 * threshold, a second training run with another seed, graded on the mean of the two.
 *
 * The second run belongs to the same job: it is not an attempt, not in the queue cap, and
 * a cancel, a worker shutting down or one of our failures during it is handled exactly as
 * during the first (the processor catches what is thrown here). A retried or resumed job
 * trains both runs again; both seeds are fixed, so it reaches the same result.
 */
import {
  getGrader,
  closeToThreshold,
  gradeTexts,
  localizedGrade,
  secondSeed,
  text,
  type Grade,
} from '../graders/index.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { seedSigma } from '../exercises/exercise.types.js';
import type { SubmissionLanguage as SandboxLanguage } from '../sandbox/sandbox.types.js';
import type { SubmissionLifecycle } from '../submissions/submission-lifecycle.js';
import type { SubmissionEntity } from '../submissions/submission.entity.js';
import { ErrorKind, SubmissionStage, SubmissionStatus, type StoredRun } from '../submissions/submission.types.js';
import { runModelPipeline, trainValidatedPlan } from './model-pipeline.js';
import type { EpochLog, TrainPlanResult, TrainProgress } from './training/train-plan.js';

export interface ModelGradingContext {
  lifecycle: SubmissionLifecycle;
  /** The first run's seed (TRAINING_SEED); the second is secondSeed(seed). */
  seed: number;
  /** Throws when a guarded stage change did not apply: the submission is no longer ours to grade. */
  stayRunning: (id: string, signal: AbortSignal, entered: boolean) => Promise<void>;
}

export async function gradeModelSubmission(
  ctx: ModelGradingContext,
  submission: SubmissionEntity,
  version: ExerciseVersionEntity,
  signal: AbortSignal,
): Promise<void> {
  const id = submission.id;
  const { lifecycle, stayRunning } = ctx;
  const enter = async (stage: SubmissionStage, message: string) =>
    stayRunning(id, signal, await lifecycle.enterStage(id, stage, message));
  let epochs = 1;
  const firstCurve: StoredRun['epochs'] = [];
  const first = progressReporter(ctx, id, signal, () => epochs, 'Evaluating on the held-out test split');
  const outcome = await runModelPipeline({
    version,
    language: submission.language as SandboxLanguage,
    code: submission.code,
    seed: ctx.seed,
    signal,
    hooks: {
      onAccepted: async (plan) => {
        epochs = Math.min(plan.fit.epochs, version.budget!.maxEpochs);
        await enter(
          SubmissionStage.VALIDATE,
          `Model accepted: ${plan.params.total.toLocaleString('en-US')} parameters`,
        );
        await lifecycle.clearEpochs(id);
        await enter(SubmissionStage.TRAIN, `Training on ${version.dataset} for up to ${epochs} epochs`);
      },
      onEpoch: async (log) => {
        firstCurve.push(epochView(log));
        await lifecycle.recordEpoch(id, SubmissionStage.TRAIN, epochView(log));
      },
      // Awaited in order by the trainer client; a failed write fails the job as ours (retried).
      onProgress: first,
      onGrading: async () => enter(SubmissionStage.GRADE, 'Grading'),
    },
  });
  if (outcome.kind === 'refused') {
    const refused = await lifecycle.finish(id, {
      status: SubmissionStatus.ERROR,
      reason: outcome.message,
      errorKind: ErrorKind.CANDIDATE,
      errorCode: outcome.code,
      ...(outcome.line !== undefined ? { errorLine: outcome.line, errorColumn: outcome.column } : {}),
      ...(outcome.console ? { consoleOutput: outcome.console.text } : {}),
      countsAsAttempt: true,
    });
    return stayRunning(id, signal, refused);
  }
  const { plan, result } = outcome;
  const runs: StoredRun[] = [storedRun(ctx.seed, result, firstCurve)];
  let grade: Grade = outcome.grade;
  const threshold = version.threshold!;
  const ev = result.evaluation;
  const noise = closeToThreshold({
    accuracy: ev.accuracy,
    interval: ev.interval,
    threshold,
    sigmaSeed: seedSigma(version.calibration),
  });
  // A run that measured nothing (cancelled, no test examples) fails on its own; no second run.
  // A reconstruction has no accuracy (and no calibrated σ): graded on its one run.
  const reconstruction = ev.reconstruction;
  const close = !reconstruction && noise.close && ev.count > 0 && result.stopReason !== 'aborted';
  if (close) {
    const seed = secondSeed(ctx.seed);
    await enter(
      SubmissionStage.TRAIN,
      `Close to the threshold: ${pct(ev.accuracy)} is within ${points(noise.margin)} of ${pct(threshold)}, so the same model is trained a second time with another seed (run 2 of 2; not an attempt) and graded on the mean of the two runs`,
    );
    const secondCurve: StoredRun['epochs'] = [];
    const second = await trainValidatedPlan({
      version,
      plan,
      seed,
      signal,
      hooks: {
        // Run 2's curve is kept with the run, not in the live per-epoch chart of run 1.
        onEpoch: async (log) => void secondCurve.push(epochView(log)),
        onProgress: progressReporter(ctx, id, signal, () => epochs, 'Evaluating run 2 on the held-out test split'),
      },
    });
    await enter(SubmissionStage.GRADE, 'Grading on the mean accuracy of the two runs');
    if (second.kind === 'trained') {
      runs.push(storedRun(seed, second.result, secondCurve));
      grade = meanGrade(version, plan.params.total, result, second.result, runs);
    } else {
      const lines = gradeTexts(grade);
      grade = localizedGrade(grade.passed, grade.score, lines.summary, [
        ...lines.feedback,
        text(
          `The second run (seed ${seed}) could not be trained (${second.message}); the grade stands on the first run.`,
          `第二次运行（种子 ${seed}）未能训练（${second.message}）；成绩以第一次运行为准。`,
        ),
      ]);
    }
  }
  const graded = await lifecycle.finish(id, {
    status: grade.passed ? SubmissionStatus.PASSED : SubmissionStatus.FAILED,
    reason: grade.summary,
    countsAsAttempt: true,
    consoleOutput: outcome.console.text,
    engine: result.engine,
    paramCount: plan.params.total,
    trainingSeconds: result.trainingSeconds,
    ...(reconstruction ? { reconstruction } : { evaluation: result.evaluation }),
    topology: plan.topology,
    // Runs record accuracies; a reconstruction has none to record.
    runs: reconstruction ? [] : runs,
    closeToThreshold: close,
    grade: {
      grader: outcome.grader,
      passed: grade.passed,
      score: grade.score,
      summary: grade.summary,
      feedback: grade.feedback,
      localized: grade.localized,
      threshold: version.threshold,
      maxGap: version.maxGap,
    },
  });
  await stayRunning(id, signal, graded);
}

/**
 * The grade of two runs: the grader sees the mean accuracy (a mean, not an ensemble of the
 * two models' predictions) with the mean of their intervals (the test set is the same, so its
 * noise does not shrink), and the first run's curve and per-class figures for its diagnoses.
 */
function meanGrade(
  version: ExerciseVersionEntity,
  params: number,
  first: TrainPlanResult,
  second: TrainPlanResult,
  runs: StoredRun[],
): Grade {
  const a = first.evaluation;
  const b = second.evaluation;
  const mean = (a.accuracy + b.accuracy) / 2;
  const grade = getGrader(version.grader).grade({
    evaluation: {
      ...a,
      accuracy: mean,
      interval: { low: (a.interval.low + b.interval.low) / 2, high: (a.interval.high + b.interval.high) / 2 },
      // The gap is read between means too: train accuracy averaged over the two runs as well.
      ...(a.train &&
        b.train && {
          train: {
            ...a.train,
            accuracy: (a.train.accuracy + b.train.accuracy) / 2,
            interval: {
              low: (a.train.interval.low + b.train.interval.low) / 2,
              high: (a.train.interval.high + b.train.interval.high) / 2,
            },
          },
        }),
    },
    history: first.history,
    stopReason: first.stopReason,
    threshold: version.threshold!,
    params,
    maxParams: version.budget!.maxParams,
    ...(version.maxGap !== null && { maxGap: version.maxGap }),
  });
  const lines = gradeTexts(grade);
  const runText = runs.map((r, i) => `run ${i + 1} (seed ${r.seed}) ${pct(r.accuracy)}`).join(', ');
  const runTextZh = runs.map((r, i) => `第 ${i + 1} 次（种子 ${r.seed}）${pct(r.accuracy)}`).join('，');
  return localizedGrade(
    grade.passed,
    grade.score,
    text(
      `${lines.summary.en} (close to the threshold: mean of two runs)`,
      `${lines.summary['zh-CN']}（接近及格线：取两次运行的平均）`,
    ),
    [
      lines.feedback[0]!,
      text(
        `Close to the threshold: your model was trained twice, at no cost to you: ${runText}. The grade is decided on their mean, ${pct(mean)}.`,
        `接近及格线：你的模型被免费训练了两次：${runTextZh}。成绩按两次的平均 ${pct(mean)} 判定。`,
      ),
      ...lines.feedback.slice(1),
    ],
  );
}

function progressReporter(
  ctx: ModelGradingContext,
  id: string,
  signal: AbortSignal,
  epochs: () => number,
  evaluating: string,
): (p: TrainProgress) => Promise<void> {
  let stage = SubmissionStage.TRAIN;
  let last = 0;
  return async (p) => {
    if (p.stage === 'evaluate' && stage !== SubmissionStage.EVALUATE) {
      stage = SubmissionStage.EVALUATE;
      await ctx.stayRunning(id, signal, await ctx.lifecycle.enterStage(id, SubmissionStage.EVALUATE, evaluating));
    }
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    const fraction =
      p.stage === 'train'
        ? (p.epoch + p.batch / Math.max(1, p.batchesInEpoch)) / epochs()
        : p.batch / Math.max(1, p.batchesInEpoch);
    await ctx.lifecycle.progress(id, stage, fraction);
  };
}

function storedRun(seed: number, result: TrainPlanResult, epochs: StoredRun['epochs']): StoredRun {
  return {
    seed,
    accuracy: result.evaluation.accuracy,
    interval: result.evaluation.interval,
    trainingSeconds: result.trainingSeconds,
    epochs,
  };
}

export function epochView(log: EpochLog) {
  const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  return {
    epoch: log.epoch + 1,
    loss: finite(log.loss),
    accuracy: finite(log.accuracy),
    valLoss: finite(log.valLoss),
    valAccuracy: finite(log.valAccuracy),
    seconds: log.seconds,
    examplesPerSecond: finite(log.examplesPerSecond),
    partial: log.partial,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const points = (x: number) => `${(100 * x).toFixed(1)} points`;
