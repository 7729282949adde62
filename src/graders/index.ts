/**
 * Grader registry. An exercise names its grader in exercise.yaml (`grader:`);
 * `getGrader(name)` returns it or throws an UnknownGraderError naming the known ones.
 */
import { accuracyThreshold } from './accuracy-threshold.js';
import { mseThreshold } from './mse-threshold.js';
import { thresholdAndGap } from './threshold-and-gap.js';
import { thresholdAndParams } from './threshold-and-params.js';
import type { Grader } from './types.js';

export type { Grade, GradeInput, Grader } from './types.js';
export { diagnose, type Diagnosis, type DiagnosisCode } from './diagnose.js';
export { accuracyScore } from './accuracy-threshold.js';
export { paramsScore, combinedScore } from './threshold-and-params.js';
export { mseScore } from './mse-threshold.js';
export {
  closeToThreshold,
  meanAndSigma,
  proposeThreshold,
  secondSeed,
  type CalibrationMetric,
  type NoiseVerdict,
  type ThresholdProposal,
} from './seed-noise.js';
// Graders of the other exercise types take their own inputs (not a training result).
export { gradeIn, gradeTexts, localizedGrade, text, verbatim, type GradeText } from './grade-text.js';
export { unitTestsGrader, gradeUnitTests, type UnitTestsGradeInput } from './unit-tests.js';
export { quizGrader, gradeQuiz, type QuizAnswers, type QuizGradeInput, type QuestionResult } from './quiz.js';

/**
 * The exercise type of each grader a mentor's draft may name (authoringOptions): MODEL graders
 * come from getGrader(), the others are imported directly.
 */
export const GRADER_EXERCISE_TYPES: Record<string, 'MODEL' | 'CODING' | 'QUIZ'> = {
  'accuracy-threshold': 'MODEL',
  'threshold-and-params': 'MODEL',
  'mse-threshold': 'MODEL',
  // threshold-and-gap is not offered to drafts: it needs maxGap, which only exercise.yaml sets.
  'unit-tests': 'CODING',
  quiz: 'QUIZ',
};

const GRADERS: Record<string, Grader> = {
  [accuracyThreshold.name]: accuracyThreshold,
  [thresholdAndParams.name]: thresholdAndParams,
  [thresholdAndGap.name]: thresholdAndGap,
  [mseThreshold.name]: mseThreshold,
};

export class UnknownGraderError extends Error {
  readonly code = 'UNKNOWN_GRADER';
  constructor(name: string) {
    super(`Unknown grader "${name}"; known graders: ${Object.keys(GRADERS).join(', ')}`);
    this.name = 'UnknownGraderError';
  }
}

export function graderNames(): string[] {
  return Object.keys(GRADERS);
}

/** Whether the training run must measure the final train accuracy for this grader (unknown names: no). */
export function measuresTrainAccuracy(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(GRADERS, name) && GRADERS[name].measuresTrainAccuracy === true;
}

export function getGrader(name: string): Grader {
  const g = Object.prototype.hasOwnProperty.call(GRADERS, name) ? GRADERS[name] : undefined;
  if (!g) throw new UnknownGraderError(name);
  return g;
}
