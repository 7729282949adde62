import { getGrader, measuresTrainAccuracy, type Grade } from '../graders/index.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import type { ConsoleOutput, ModelTask, SubmissionLanguage } from '../sandbox/sandbox.types.js';
import { defaultSandboxPool } from '../sandbox/sandbox.js';
import { prepareSubmission, type ValidatedPlan } from './model-validation/index.js';
import { trainInChild, TrainerError } from './trainer-client.js';
import type { EpochLog, TrainPlanResult, TrainProgress } from './training/train-plan.js';

export interface PipelineHooks {
  onAccepted?: (plan: ValidatedPlan) => Promise<unknown>;
  onEpoch?: (log: EpochLog) => Promise<void>;
  onProgress?: (p: TrainProgress) => Promise<void> | void;
  onGrading?: () => Promise<unknown>;
}

export type PipelineOutcome =
  /** The candidate's code was refused or could not be trained: their error, final. */
  | {
      kind: 'refused';
      stage: 'SANDBOX' | 'VALIDATE' | 'TRAIN';
      code: string;
      message: string;
      line?: number;
      column?: number;
      /** What build() printed. */
      console?: ConsoleOutput;
    }
  | {
      kind: 'graded';
      plan: ValidatedPlan;
      result: TrainPlanResult;
      grade: Grade;
      grader: string;
      console: ConsoleOutput;
    };

/**
 * One piece of code against one MODEL exercise version: sandbox → validate → train and
 * evaluate (in a trainer process) → grade. Our own failures are thrown (the caller retries);
 * the candidate's come back as `refused`.
 */
export async function runModelPipeline(req: {
  version: ExerciseVersionEntity;
  language: SubmissionLanguage;
  code: string;
  seed: number;
  signal: AbortSignal;
  hooks?: PipelineHooks;
}): Promise<PipelineOutcome> {
  const { version, signal, hooks = {} } = req;
  if (!version.task || !version.budget || !version.dataset || version.threshold === null) {
    throw new Error(`exercise version ${version.id} is not a complete MODEL exercise`);
  }
  const task: ModelTask = { dataset: version.dataset, ...version.task };
  const budget = version.budget;

  const prepared = await prepareSubmission(
    { language: req.language, code: req.code, task },
    budget,
    defaultSandboxPool(),
    signal,
  );
  signal.throwIfAborted();
  if (!prepared.ok) {
    if (prepared.retryable) throw new Error(`sandbox: ${prepared.message}`);
    return {
      kind: 'refused',
      stage: prepared.stage === 'sandbox' ? 'SANDBOX' : 'VALIDATE',
      code: prepared.code,
      message: prepared.message,
      ...(prepared.line !== undefined ? { line: prepared.line, column: prepared.column } : {}),
      ...(prepared.console ? { console: prepared.console } : {}),
    };
  }
  const plan = prepared.plan;
  await hooks.onAccepted?.(plan);

  const trained = await trainValidatedPlan({ version, plan, seed: req.seed, signal, hooks });
  if (trained.kind === 'refused') return { ...trained, console: prepared.console };
  const result = trained.result;
  await hooks.onGrading?.();
  const grader = getGrader(version.grader);
  const grade = grader.grade({
    evaluation: result.evaluation,
    history: result.history,
    stopReason: result.stopReason,
    threshold: version.threshold,
    params: plan.params.total,
    maxParams: budget.maxParams,
    ...(version.maxGap !== null && { maxGap: version.maxGap }),
  });
  return { kind: 'graded', plan, result, grade, grader: grader.name, console: prepared.console };
}

/**
 * Trains an accepted plan once more with another seed (the close-to-threshold second run):
 * the same code and budget, so nothing goes through the sandbox or the validator again.
 * Our failures are thrown; the candidate's (e.g. the trainer ran out of memory on their model)
 * come back as `refused`.
 */
export async function trainValidatedPlan(req: {
  version: ExerciseVersionEntity;
  plan: ValidatedPlan;
  seed: number;
  signal: AbortSignal;
  hooks?: Pick<PipelineHooks, 'onEpoch' | 'onProgress'>;
}): Promise<{ kind: 'trained'; result: TrainPlanResult } | Extract<PipelineOutcome, { kind: 'refused' }>> {
  const { version, signal, hooks = {} } = req;
  if (!version.task || !version.budget || !version.dataset) {
    throw new Error(`exercise version ${version.id} is not a complete MODEL exercise`);
  }
  let result: TrainPlanResult;
  try {
    result = await trainInChild({
      plan: req.plan,
      dataset: version.dataset,
      task: { dataset: version.dataset, ...version.task },
      budget: { ...version.budget, measureTrainAccuracy: measuresTrainAccuracy(version.grader) },
      seed: req.seed,
      signal,
      onEpoch: hooks.onEpoch,
      onProgress: hooks.onProgress,
    });
  } catch (e) {
    if (e instanceof TrainerError && e.kind === 'candidate' && !signal.aborted)
      return { kind: 'refused', stage: 'TRAIN', code: 'TRAINING_FAILED', message: e.message };
    throw e;
  }
  if (result.stopReason === 'aborted') {
    signal.throwIfAborted();
    throw new Error('training stopped without a reason');
  }
  return { kind: 'trained', result };
}
