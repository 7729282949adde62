/**
 * The whole grading pipeline for one piece of code against one MODEL exercise, as the CLIs
 * (`npm run exercises:validate`, `npm run grade`) run it:
 *
 *   prepareSubmission (sandbox + validation) → trainPlan (train + evaluate) → grader
 *
 * The worker runs the same three calls, with its own storage and progress publishing between
 * them.
 */
import type { LoadedExercise } from '../../content/content-loader.js';
import type { DatasetName } from '../../datasets/names.js';
import type { ModelTask, SubmissionLanguage } from '../../sandbox/sandbox.types.js';
import { getGrader, measuresTrainAccuracy, type Grade } from '../../graders/index.js';
import { prepareSubmission, type ModelBudget, type ValidatedPlan } from '../model-validation/index.js';
import { trainPlan, type TrainBudget, type TrainPlanRequest, type TrainPlanResult } from './train-plan.js';

/** What an exercise.yaml says about a MODEL exercise, checked for presence. */
export interface ModelExerciseSpec {
  slug: string;
  dataset: DatasetName;
  task: ModelTask;
  budget: ModelBudget & { trainSubset?: number; testSubset?: number };
  grader: string;
  threshold: number;
  /** threshold-and-gap: the largest train − test accuracy gap that passes. */
  maxGap?: number;
  /** exercise.yaml's `quick:` block, when it has one. */
  quick?: QuickConfig;
}

/** An exercise's own quick run: its subsets and epochs, and the limits the grader applies to them. */
export interface QuickConfig extends QuickRun {
  threshold: number;
  maxGap?: number;
}

export function modelExerciseSpec(exercise: LoadedExercise): ModelExerciseSpec {
  const f = exercise.file;
  if (f.type !== 'MODEL' || !f.dataset || !f.task || !f.budget || f.threshold === undefined) {
    throw new Error(`${f.slug} is not a MODEL exercise with dataset, task, budget and threshold`);
  }
  return {
    slug: f.slug,
    dataset: f.dataset,
    task: { dataset: f.dataset, ...f.task },
    budget: f.budget,
    grader: f.grader,
    threshold: f.threshold,
    ...(f.maxGap !== undefined && { maxGap: f.maxGap }),
    ...(f.quick && { quick: f.quick }),
  };
}

/** Reduced training for a quick check (CI): class-balanced subsets, capped epochs. */
export interface QuickRun {
  trainSubset: number;
  testSubset: number;
  maxEpochs: number;
}

/** `--quick` of the CLIs (exercises:validate, exercises:calibrate): 2,000 train / 1,000 test examples, one epoch. */
export const QUICK_RUN: QuickRun = { trainSubset: 2000, testSubset: 1000, maxEpochs: 1 };

export interface RunSolutionOptions {
  spec: ModelExerciseSpec;
  code: string;
  language: SubmissionLanguage;
  quick?: QuickRun;
  /** Grade with these limits instead of the exercise's (a quick run with the exercise's own `quick:` block). */
  quickLimits?: { threshold: number; maxGap?: number };
  seed?: number;
  signal?: AbortSignal;
  onStage?: (stage: 'sandbox' | 'train' | 'grade') => void;
  /** The validated plan and the training budget, before training starts. */
  onPlan?: (plan: ValidatedPlan, budget: TrainBudget, epochs: number) => void;
  onEpoch?: TrainPlanRequest['onEpoch'];
  onProgress?: TrainPlanRequest['onProgress'];
}

export type RunSolutionOutcome =
  | { ok: true; plan: ValidatedPlan; result: TrainPlanResult; grade: Grade; seconds: number; trainBudget: TrainBudget }
  | {
      ok: false;
      stage: 'sandbox' | 'validate' | 'train';
      code: string;
      message: string;
      retryable: boolean;
      seconds: number;
    };

/** Training budget of an exercise, reduced for a quick run. */
export function trainBudgetFor(spec: ModelExerciseSpec, quick?: QuickRun): TrainBudget {
  const b = spec.budget;
  const measureTrainAccuracy = measuresTrainAccuracy(spec.grader);
  if (!quick)
    return {
      maxEpochs: b.maxEpochs,
      wallClockSeconds: b.wallClockSeconds,
      trainSubset: b.trainSubset,
      testSubset: b.testSubset,
      measureTrainAccuracy,
    };
  return {
    maxEpochs: Math.min(b.maxEpochs, quick.maxEpochs),
    wallClockSeconds: b.wallClockSeconds,
    trainSubset: Math.min(b.trainSubset ?? Infinity, quick.trainSubset),
    testSubset: Math.min(b.testSubset ?? Infinity, quick.testSubset),
    measureTrainAccuracy,
  };
}

export async function runSolution(o: RunSolutionOptions): Promise<RunSolutionOutcome> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  o.onStage?.('sandbox');
  const prepared = await prepareSubmission({ language: o.language, code: o.code, task: o.spec.task }, o.spec.budget);
  if (!prepared.ok) {
    return {
      ok: false,
      stage: prepared.stage,
      code: prepared.code,
      message: prepared.message,
      retryable: prepared.retryable,
      seconds: seconds(),
    };
  }
  const trainBudget = trainBudgetFor(o.spec, o.quick);
  o.onPlan?.(prepared.plan, trainBudget, Math.min(prepared.plan.fit.epochs, trainBudget.maxEpochs));
  o.onStage?.('train');
  let result: TrainPlanResult;
  try {
    result = await trainPlan({
      plan: prepared.plan,
      dataset: o.spec.dataset,
      task: o.spec.task,
      budget: trainBudget,
      seed: o.seed,
      signal: o.signal,
      onEpoch: o.onEpoch,
      onProgress: o.onProgress,
    });
  } catch (err) {
    return {
      ok: false,
      stage: 'train',
      code: 'TRAINING_FAILED',
      message: (err as Error).message ?? String(err),
      retryable: true,
      seconds: seconds(),
    };
  }
  o.onStage?.('grade');
  const grade = getGrader(o.spec.grader).grade({
    evaluation: result.evaluation,
    history: result.history,
    stopReason: result.stopReason,
    threshold: o.quickLimits?.threshold ?? o.spec.threshold,
    params: prepared.plan.params.total,
    maxParams: o.spec.budget.maxParams,
    ...((o.quickLimits?.maxGap ?? o.spec.maxGap) !== undefined && { maxGap: o.quickLimits?.maxGap ?? o.spec.maxGap }),
  });
  return { ok: true, plan: prepared.plan, result, grade, seconds: seconds(), trainBudget };
}

// ---------------------------------------------------------------------------
// Formatting shared by the CLIs.

export const percent = (x: number, digits = 1): string =>
  Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : 'n/a';

/** "epoch 2/3  loss 1.2345  acc 55.1 %  val_loss 1.1 val_acc 58.0 %  412 ex/s  109 s" */
export function formatEpoch(
  e: {
    epoch: number;
    loss: number;
    accuracy: number;
    valLoss?: number;
    valAccuracy?: number;
    examplesPerSecond: number;
    seconds: number;
    partial: boolean;
    batches: number;
  },
  epochs: number,
): string {
  const parts = [
    `epoch ${e.epoch + 1}/${epochs}${e.partial ? ` (cut short after ${e.batches} batches)` : ''}`,
    `loss ${Number.isFinite(e.loss) ? e.loss.toFixed(4) : String(e.loss)}`,
    `acc ${percent(e.accuracy)}`,
  ];
  if (e.valLoss !== undefined) parts.push(`val_loss ${e.valLoss.toFixed(4)}`);
  if (e.valAccuracy !== undefined) parts.push(`val_acc ${percent(e.valAccuracy)}`);
  parts.push(`${e.examplesPerSecond.toFixed(0)} ex/s`, `${e.seconds.toFixed(0)} s`);
  return parts.join('  ');
}

export function formatInterval(i: { low: number; high: number }): string {
  return `[${(100 * i.low).toFixed(1)}, ${(100 * i.high).toFixed(1)}]`;
}
