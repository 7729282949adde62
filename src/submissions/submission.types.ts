import { registerEnumType } from '@nestjs/graphql';

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
}

export interface StoredGrade {
  grader: string;
  passed: boolean;
  score: number;
  summary: string;
  feedback: string[];
  threshold: number | null;
}
