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
  /**
   * Reconstruction tasks (an autoencoder): the mean squared error per test example, averaged,
   * with a 95 % interval. The classification fields are then empty (accuracy NaN, no confusion).
   */
  reconstruction?: ReconstructionMeasure;
}

/** Mean squared error over `count` examples (each example's MSE over all its values), with a 95 % interval. */
export interface ReconstructionMeasure {
  count: number;
  mse: number;
  interval: { low: number; high: number };
}

/** Accuracy on `count` examples with its Wilson 95 % interval. */
export interface AccuracyMeasure {
  count: number;
  correct: number;
  accuracy: number;
  interval: { low: number; high: number };
}
