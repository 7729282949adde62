/**
 * `accuracy-threshold`: pass when the test accuracy reaches the exercise's threshold.
 *
 * Score: below the threshold, 0–59 in proportion to accuracy / threshold; at or above it,
 * 60–100, linear from the threshold to 100 % accuracy.
 */
import { accuracyWithInterval, diagnose, thresholdText } from './diagnose.js';
import { localizedGrade, text } from './grade-text.js';
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
  const feedback = diagnose(input).map((d) => d.text);
  return localizedGrade(
    false,
    0,
    input.stopReason === 'aborted'
      ? text('Not graded: the run was cancelled', '未评分：运行已取消')
      : text('Failed: no test accuracy could be measured', '未通过：无法测得测试准确率'),
    feedback.length > 0
      ? feedback
      : [text('The model could not be evaluated on the test set.', '模型无法在测试集上评估。')],
  );
}

export function gradeAccuracy(input: GradeInput): Grade {
  if (!gradable(input)) return notGradable(input);
  const { accuracy } = input.evaluation;
  const passed = accuracy >= input.threshold;
  const measured = accuracyWithInterval(input);
  const needed = thresholdText(input.threshold);
  const short = (100 * (input.threshold - accuracy)).toFixed(1);
  const first = passed
    ? text(
        `Test accuracy ${measured} — threshold ${needed}: passed.`,
        `测试准确率 ${measured}，及格线 ${needed}：通过。`,
      )
    : text(
        `Test accuracy ${measured} — threshold ${needed}: ${short} points short.`,
        `测试准确率 ${measured}，及格线 ${needed}：还差 ${short} 个百分点。`,
      );
  return localizedGrade(
    passed,
    accuracyScore(accuracy, input.threshold),
    passed
      ? text(`Passed: ${measured} — threshold ${needed}`, `通过：${measured}，及格线 ${needed}`)
      : text(`Failed: ${measured} — threshold ${needed}`, `未通过：${measured}，及格线 ${needed}`),
    [first, ...diagnose(input).map((d) => d.text)],
  );
}

export const accuracyThreshold: Grader = {
  name: 'accuracy-threshold',
  description: 'Passes when the test accuracy reaches the threshold; the score grows with the accuracy.',
  grade: gradeAccuracy,
};
