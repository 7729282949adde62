import { registerEnumType } from '@nestjs/graphql';

export enum ExerciseType {
  MODEL = 'MODEL',
  CODING = 'CODING',
  QUIZ = 'QUIZ',
}
registerEnumType(ExerciseType, { name: 'ExerciseType' });

export enum ExerciseOrigin {
  FILE = 'FILE',
  API = 'API',
}

export enum VersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(VersionStatus, { name: 'ExerciseVersionStatus' });

export type { DatasetName } from '../datasets/names.js';

/** What the candidate's build(tf, task) receives. */
export interface ModelTaskSpec {
  inputShape: number[];
  numClasses: number;
  vocabSize?: number;
  seqLen?: number;
  output?: 'softmax' | 'sigmoid' | 'reconstruction';
  /** Reconstruction: some layer's output (the code) must hold at most this many values per example. */
  maxCodeSize?: number;
}

/** Limits a model exercise sets on training. */
export interface ModelBudgetSpec {
  maxParams: number;
  maxEpochs: number;
  maxBatchSize: number;
  minBatchSize?: number;
  wallClockSeconds: number;
  /** Train on a class-balanced subset of this many examples (full set when absent). */
  trainSubset?: number;
  /** Evaluate on a class-balanced subset of this many test examples (full set when absent). */
  testSubset?: number;
}

/**
 * MODEL: the calibration table from exercise.yaml (`npm run exercises:calibrate`): the test
 * measure (accuracy, or MSE for a reconstruction) of the reference and the baseline per seed.
 * An accuracy calibration's `reference.sigma` is σ_seed.
 */
export interface ModelCalibrationSpec {
  measuredAt: string;
  commit: string;
  engine: string;
  threads: number;
  data: 'full' | 'quick';
  /** accuracy (higher is better) or a reconstruction's test MSE (lower is better). */
  metric: 'accuracy' | 'mse';
  seeds: number[];
  reference: { values: number[]; mean: number; sigma: number };
  baseline: { values: number[]; mean: number; sigma: number };
  proposedThreshold: number | null;
}

/** σ_seed the worker uses: the reference's σ from a calibration on the exercise's own budget, else 0. */
export function seedSigma(calibration: ModelCalibrationSpec | null | undefined): number {
  return calibration?.data === 'full' && calibration.metric !== 'mse' ? calibration.reference.sigma : 0;
}

/** How a submission is written. */
export enum SubmissionLanguage {
  TYPESCRIPT = 'TYPESCRIPT',
  JAVASCRIPT = 'JAVASCRIPT',
  KERAS_JSON = 'KERAS_JSON',
  /** CODING exercises that offer Python: CPython 3 with NumPy in bwrap (src/python-sandbox/). */
  PYTHON = 'PYTHON',
  /** A quiz's answers as JSON (answerQuiz), not code. */
  QUIZ_ANSWERS = 'QUIZ_ANSWERS',
}
registerEnumType(SubmissionLanguage, { name: 'SubmissionLanguage' });
