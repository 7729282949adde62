/**
 * `threshold-and-gap`: pass when the test accuracy reaches the threshold AND the final train
 * accuracy is at most `maxGap` above it ("this model overfits — fix it").
 *
 * Both accuracies are measured the same way after training (inference mode, no augmentation;
 * the train one on a sample of the training examples, see TrainBudget.measureTrainAccuracy),
 * so the gap is what the model memorised, not an artefact of dropout during training.
 *
 * Score: as accuracy-threshold while both conditions hold; a model over the gap fails and
 * scores at most 59, whatever its test accuracy.
 */
import { accuracyScore, gradable, notGradable } from './accuracy-threshold.js';
import { accuracyWithInterval, diagnose, pct, thresholdText } from './diagnose.js';
import type { Grade, GradeInput, Grader } from './types.js';

const points = (x: number): string => `${(100 * x).toFixed(1)} points`;

export function gradeThresholdAndGap(input: GradeInput): Grade {
  if (input.maxGap === undefined || !(input.maxGap >= 0))
    throw new Error('threshold-and-gap: the exercise sets no maxGap (exercise.yaml maxGap, 0..1)');
  if (!gradable(input)) return notGradable(input);
  const train = input.evaluation.train;
  if (!train || !(train.count > 0))
    throw new Error('threshold-and-gap: the training run did not measure the train accuracy');
  const test = input.evaluation.accuracy;
  const gap = train.accuracy - test;
  const reached = test >= input.threshold;
  // Compared in tenths of a point, as shown: 5.0 points is within a 5-point limit.
  const withinGap = Math.round(gap * 1000) <= Math.round(input.maxGap * 1000);
  const passed = reached && withinGap;
  const headline = `${accuracyWithInterval(input)} — threshold ${thresholdText(input.threshold)}`;
  const gapText = `${points(gap)} (at most ${points(input.maxGap)})`;
  const testLine = reached
    ? `Test accuracy ${headline}: reached.`
    : `Test accuracy ${headline}: ${points(input.threshold - test)} short.`;
  const gapLine =
    `Train accuracy ${pct(train.accuracy)} (measured after training on ${train.count.toLocaleString('en-US')} training examples, as the test accuracy is) ` +
    `against test accuracy ${pct(test)}: a gap of ${gapText}` +
    (withinGap
      ? ', so the model generalises about as well as it fits.'
      : ': the model memorises the training set. Regularise it (dropout, weight decay, a smaller model), augment the data, or stop training earlier.');
  // The gap line says what the generic overfitting diagnosis would, with the measured figures.
  const rest = diagnose(input)
    .filter((d) => d.code !== 'overfitting')
    .map((d) => d.message);
  const feedback = withinGap || !reached ? [testLine, gapLine, ...rest] : [gapLine, testLine, ...rest];
  const score = passed ? accuracyScore(test, input.threshold) : Math.min(59, accuracyScore(test, input.threshold));
  return {
    passed,
    score,
    feedback,
    summary: `${passed ? 'Passed' : 'Failed'}: ${headline}; train ${pct(train.accuracy)}, gap ${gapText}`,
  };
}

export const thresholdAndGap: Grader = {
  name: 'threshold-and-gap',
  description:
    'Passes when the test accuracy reaches the threshold and the final train accuracy is at most maxGap above it.',
  measuresTrainAccuracy: true,
  grade: gradeThresholdAndGap,
};
