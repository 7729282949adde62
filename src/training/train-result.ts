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
  /**
   * Final train accuracy, measured after training exactly as the test accuracy is (inference
   * mode, no augmentation) on a sample of the training examples the model learnt from; present
   * when the grader reads the train–test gap (TrainBudget.measureTrainAccuracy).
   */
  train?: AccuracyMeasure;
}

/** Accuracy on `count` examples with its Wilson 95 % interval. */
export interface AccuracyMeasure {
  count: number;
  correct: number;
  accuracy: number;
  interval: { low: number; high: number };
}
