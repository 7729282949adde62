/**
 * `accuracy-threshold`: pass when the test accuracy reaches the exercise's threshold.
 *
 * Score: below the threshold, 0–59 in proportion to accuracy / threshold; at or above it,
 * 60–100, linear from the threshold to 100 % accuracy.
 */
import { accuracyWithInterval, diagnose, thresholdText } from './diagnose.js';
import type { Grade, GradeInput, Grader } from './types.js';

export function accuracyScore(accuracy: number, threshold: number): number {
  if (!Number.isFinite(accuracy) || accuracy <= 0) return 0;
  if (accuracy < threshold) return Math.min(59, Math.floor((60 * accuracy) / threshold));
  const headroom = 1 - threshold;
  return Math.round(60 + (headroom > 0 ? (40 * (accuracy - threshold)) / headroom : 40));
}

/** True when the run produced a test accuracy that can be graded. */
export function gradable(input: GradeInput): boolean {
  return input.evaluation.count > 0 && Number.isFinite(input.evaluation.accuracy) && input.stopReason !== 'aborted';
}

export function notGradable(input: GradeInput): Grade {
  const feedback = diagnose(input).map((d) => d.message);
  return {
    passed: false,
    score: 0,
    feedback: feedback.length > 0 ? feedback : ['The model could not be evaluated on the test set.'],
    summary:
      input.stopReason === 'aborted'
        ? 'Not graded: the run was cancelled'
        : 'Failed: no test accuracy could be measured',
  };
}

export function gradeAccuracy(input: GradeInput): Grade {
  if (!gradable(input)) return notGradable(input);
  const { accuracy } = input.evaluation;
  const passed = accuracy >= input.threshold;
  const headline = `${accuracyWithInterval(input)} — threshold ${thresholdText(input.threshold)}`;
  const feedback = [
    passed
      ? `Test accuracy ${headline}: passed.`
      : `Test accuracy ${headline}: ${(100 * (input.threshold - accuracy)).toFixed(1)} points short.`,
    ...diagnose(input).map((d) => d.message),
  ];
  return {
    passed,
    score: accuracyScore(accuracy, input.threshold),
    feedback,
    summary: `${passed ? 'Passed' : 'Failed'}: ${headline}`,
  };
}

export const accuracyThreshold: Grader = {
  name: 'accuracy-threshold',
  description: 'Passes when the test accuracy reaches the threshold; the score grows with the accuracy.',
  grade: gradeAccuracy,
};
