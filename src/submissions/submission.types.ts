import type { Grade } from '../graders/types.js';
import { registerEnumType } from '@nestjs/graphql';
import type { TestReport } from '../coding/test-report.js';

// Defined with the exercises, which list the languages each accepts (Exercise.languages).
export { SubmissionLanguage } from '../exercises/exercise.types.js';

export enum SubmissionStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  ERROR = 'ERROR',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SubmissionStatus, { name: 'SubmissionStatus' });

export const FINAL_STATUSES: readonly SubmissionStatus[] = [
  SubmissionStatus.PASSED,
  SubmissionStatus.FAILED,
  SubmissionStatus.ERROR,
  SubmissionStatus.CANCELLED,
];

export enum SubmissionStage {
  SANDBOX = 'SANDBOX',
  VALIDATE = 'VALIDATE',
  TRAIN = 'TRAIN',
  EVALUATE = 'EVALUATE',
  GRADE = 'GRADE',
}
registerEnumType(SubmissionStage, { name: 'SubmissionStage' });

export enum ErrorKind {
  CANDIDATE = 'CANDIDATE',
  INFRASTRUCTURE = 'INFRASTRUCTURE',
}
registerEnumType(ErrorKind, {
  name: 'SubmissionErrorKind',
  description: "Whose fault an ERROR was: the candidate's code, or ours.",
});

export interface StoredEvaluation {
  count: number;
  correct: number;
  accuracy: number;
  interval: { low: number; high: number };
  loss: number;
  perClassAccuracy: number[];
  confusion: number[][];
  classNames: string[];
  /** Final train accuracy measured like the test accuracy (graders reading the train–test gap). */
  train?: { count: number; correct: number; accuracy: number; interval: { low: number; high: number } };
}

/** A reconstruction exercise's result (an autoencoder): mean squared error on the test split, 95 % interval. */
export interface StoredReconstruction {
  count: number;
  mse: number;
  interval: { low: number; high: number };
}

export interface StoredGrade {
  grader: string;
  passed: boolean;
  score: number;
  summary: string;
  feedback: string[];
  /** The summary and feedback in the other locales (graded since they were written in both). */
  localized?: Grade['localized'];
  threshold: number | null;
  /** threshold-and-gap: the largest train − test accuracy gap that passes. */
  maxGap?: number | null;
  /**
   * CODING, when the code ran: each visible test with input, expected and got; hidden tests only
   * counted (never their inputs or expected values). Absent for grades stored before it was kept.
   */
  tests?: TestReport;
}

/** One training run of a MODEL submission: the first, or the second one trained when the first was close to the threshold. */
export interface StoredRun {
  seed: number;
  accuracy: number;
  interval: { low: number; high: number };
  trainingSeconds: number;
  /** The run's curve, one entry per epoch (1-based), as in epoch_metrics. */
  epochs: {
    epoch: number;
    loss: number | null;
    accuracy: number | null;
    valLoss: number | null;
    valAccuracy: number | null;
    seconds: number;
    examplesPerSecond: number | null;
    partial: boolean;
  }[];
}

/** The accuracy the grade was decided on: the mean of the runs (a mean, not an ensemble), else the evaluation's. */
export function gradedAccuracy(
  runs: readonly StoredRun[] | null | undefined,
  evaluation: Pick<StoredEvaluation, 'accuracy'> | null | undefined,
): number | null {
  if (runs && runs.length > 0) return runs.reduce((a, r) => a + r.accuracy, 0) / runs.length;
  return evaluation?.accuracy ?? null;
}
