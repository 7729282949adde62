/**
 * `mse-threshold`: a reconstruction task (an autoencoder) passes when the mean squared error on
 * the test split is at most the exercise's threshold. Not a classification: no accuracy, no
 * classes; the error is each test image's mean over its pixels and channels (values in 0..1),
 * averaged, with a 95 % interval.
 *
 * Score: at or under the threshold, 60–100, linear from the threshold down to an error of 0;
 * above it, 0–59 in proportion to threshold / error.
 */
import { diagnose } from './diagnose.js';
import type { Grade, GradeInput, Grader } from './types.js';

const mseText = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');

export function mseScore(mse: number, threshold: number): number {
  if (!Number.isFinite(mse) || mse < 0 || !(threshold > 0)) return 0;
  if (mse > threshold) return Math.min(59, Math.floor((60 * threshold) / mse));
  return Math.round(60 + (40 * (threshold - mse)) / threshold);
}

export function gradeMseThreshold(input: GradeInput): Grade {
  const r = input.evaluation.reconstruction;
  const measured = r !== undefined && r.count > 0 && Number.isFinite(r.mse) && input.stopReason !== 'aborted';
  const advice = diagnose(input).map((d) => d.message);
  if (!measured) {
    return {
      passed: false,
      score: 0,
      feedback: advice.length > 0 ? advice : ['The model could not be evaluated on the test set.'],
      summary:
        input.stopReason === 'aborted'
          ? 'Not graded: the run was cancelled'
          : 'Failed: no reconstruction error could be measured',
    };
  }
  const passed = r.mse <= input.threshold;
  const headline = `mean squared error ${mseText(r.mse)} [${mseText(r.interval.low)}, ${mseText(r.interval.high)}] — at most ${mseText(input.threshold)}`;
  const first = passed
    ? `Test reconstruction ${headline}: passed.`
    : `Test reconstruction ${headline}: ${mseText(r.mse - input.threshold)} too high. ` +
      'Keep more information through the bottleneck (more channels, less downsampling), train longer within the budget, or end in a sigmoid so outputs stay in 0..1 like the pixels.';
  const borderline =
    input.threshold > r.interval.low && input.threshold < r.interval.high
      ? [
          `The threshold ${mseText(input.threshold)} lies inside the 95 % interval of the result, so another seed could land on the other side of it.`,
        ]
      : [];
  return {
    passed,
    score: mseScore(r.mse, input.threshold),
    feedback: [first, ...advice, ...borderline],
    summary: `${passed ? 'Passed' : 'Failed'}: ${headline} on ${r.count.toLocaleString('en-US')} test images`,
  };
}

export const mseThreshold: Grader = {
  name: 'mse-threshold',
  description:
    'Reconstruction (autoencoder): passes when the mean squared error on the test split is at most the threshold.',
  grade: gradeMseThreshold,
};
