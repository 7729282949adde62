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
import { type GradeText, localizedGrade, text } from './grade-text.js';
import type { Grade, GradeInput, Grader } from './types.js';

const points = (x: number): GradeText => text(`${(100 * x).toFixed(1)} points`, `${(100 * x).toFixed(1)} 个百分点`);

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
  const measured = accuracyWithInterval(input);
  const needed = thresholdText(input.threshold);
  const headline = text(`${measured} — threshold ${needed}`, `${measured}，及格线 ${needed}`);
  const gapText = text(
    `${points(gap).en} (at most ${points(input.maxGap).en})`,
    `${points(gap)['zh-CN']}（上限 ${points(input.maxGap)['zh-CN']}）`,
  );
  const short = points(input.threshold - test);
  const testLine = reached
    ? text(`Test accuracy ${headline.en}: reached.`, `测试准确率 ${headline['zh-CN']}：已达到。`)
    : text(
        `Test accuracy ${headline.en}: ${short.en} short.`,
        `测试准确率 ${headline['zh-CN']}：还差 ${short['zh-CN']}。`,
      );
  const trainCount = train.count.toLocaleString('en-US');
  const gapLine = text(
    `Train accuracy ${pct(train.accuracy)} (measured after training on ${trainCount} training examples, as the test accuracy is) ` +
      `against test accuracy ${pct(test)}: a gap of ${gapText.en}` +
      (withinGap
        ? ', so the model generalises about as well as it fits.'
        : ': the model memorises the training set. Regularise it (dropout, weight decay, a smaller model), augment the data, or stop training earlier.'),
    `训练准确率 ${pct(train.accuracy)}（训练结束后在 ${trainCount} 个训练样本上测得，测法与测试准确率相同），` +
      `测试准确率 ${pct(test)}：差距 ${gapText['zh-CN']}` +
      (withinGap
        ? '，模型的泛化与拟合大致相当。'
        : '：模型在死记训练集。请加正则化（dropout、权重衰减、更小的模型）、做数据增强，或更早停止训练。'),
  );
  // The gap line says what the generic overfitting diagnosis would, with the measured figures.
  const rest = diagnose(input)
    .filter((d) => d.code !== 'overfitting')
    .map((d) => d.text);
  const feedback = withinGap || !reached ? [testLine, gapLine, ...rest] : [gapLine, testLine, ...rest];
  const score = passed ? accuracyScore(test, input.threshold) : Math.min(59, accuracyScore(test, input.threshold));
  const trainPct = pct(train.accuracy);
  return localizedGrade(
    passed,
    score,
    passed
      ? text(
          `Passed: ${headline.en}; train ${trainPct}, gap ${gapText.en}`,
          `通过：${headline['zh-CN']}；训练 ${trainPct}，差距 ${gapText['zh-CN']}`,
        )
      : text(
          `Failed: ${headline.en}; train ${trainPct}, gap ${gapText.en}`,
          `未通过：${headline['zh-CN']}；训练 ${trainPct}，差距 ${gapText['zh-CN']}`,
        ),
    feedback,
  );
}

export const thresholdAndGap: Grader = {
  name: 'threshold-and-gap',
  description:
    'Passes when the test accuracy reaches the threshold and the final train accuracy is at most maxGap above it.',
  measuresTrainAccuracy: true,
  grade: gradeThresholdAndGap,
};
