/**
 * What one training run measured, as plain data: the grading policies (src/graders) read it and the
 * trainer process sends it back over IPC. Type-only, so the graders depend on the training engine's
 * vocabulary and not on the worker that runs it.
 */
export type { EpochLog, StopReason } from './fit.js';

export interface TrainEvaluation {
  count: number;
  correct: number;
  accuracy: number;
  /** Wilson score interval, 95 %. */
  interval: { low: number; high: number };
  loss: number;
  perClassAccuracy: number[];
  confusion: number[][];
  classNames: string[];
}
