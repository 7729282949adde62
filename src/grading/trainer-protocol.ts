import type { ValidatedPlan } from './model-validation/index.js';
import type { ModelTask } from '../sandbox/sandbox.types.js';
import type { EpochLog, TrainBudget, TrainDataset, TrainPlanResult, TrainProgress } from './training/train-plan.js';

/** Parent → trainer child. */
export type TrainerCommand =
  | { type: 'train'; plan: ValidatedPlan; dataset: TrainDataset; task: ModelTask; budget: TrainBudget; seed: number }
  | { type: 'abort' };

/** Trainer child → parent. */
export type TrainerMessage =
  | { type: 'epoch'; log: EpochLog }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'result'; result: TrainPlanResult }
  /** `candidate`: the model itself could not be built or trained (the candidate's error); `infrastructure`: ours. */
  | { type: 'error'; kind: 'candidate' | 'infrastructure'; message: string };
