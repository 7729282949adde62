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
import { localizedGrade, text } from './grade-text.js';
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
  const advice = diagnose(input).map((d) => d.text);
  if (!measured) {
    return localizedGrade(
      false,
      0,
      input.stopReason === 'aborted'
        ? text('Not graded: the run was cancelled', '未评分：运行已取消')
        : text('Failed: no reconstruction error could be measured', '未通过：无法测得重建误差'),
      advice.length > 0
        ? advice
        : [text('The model could not be evaluated on the test set.', '模型无法在测试集上评估。')],
    );
  }
  const passed = r.mse <= input.threshold;
  const range = `${mseText(r.mse)} [${mseText(r.interval.low)}, ${mseText(r.interval.high)}]`;
  const limit = mseText(input.threshold);
  const headline = text(`mean squared error ${range} — at most ${limit}`, `均方误差 ${range}，上限 ${limit}`);
  const excess = mseText(r.mse - input.threshold);
  const first = passed
    ? text(`Test reconstruction ${headline.en}: passed.`, `测试集重建${headline['zh-CN']}：通过。`)
    : text(
        `Test reconstruction ${headline.en}: ${excess} too high. ` +
          'Keep more information through the bottleneck (more channels, less downsampling), train longer within the budget, or end in a sigmoid so outputs stay in 0..1 like the pixels.',
        `测试集重建${headline['zh-CN']}：高出 ${excess}。` +
          '让瓶颈层保留更多信息（更多通道、更少下采样），在预算内训练更久，或以 sigmoid 结尾，使输出像像素一样落在 0..1 之间。',
      );
  const borderline =
    input.threshold > r.interval.low && input.threshold < r.interval.high
      ? [
          text(
            `The threshold ${limit} lies inside the 95 % interval of the result, so another seed could land on the other side of it.`,
            `上限 ${limit} 落在结果的 95% 置信区间之内，换一个随机种子，结果可能落在它的另一侧。`,
          ),
        ]
      : [];
  const images = r.count.toLocaleString('en-US');
  return localizedGrade(
    passed,
    mseScore(r.mse, input.threshold),
    passed
      ? text(`Passed: ${headline.en} on ${images} test images`, `通过：${headline['zh-CN']}，共 ${images} 张测试图片`)
      : text(
          `Failed: ${headline.en} on ${images} test images`,
          `未通过：${headline['zh-CN']}，共 ${images} 张测试图片`,
        ),
    [first, ...advice, ...borderline],
  );
}

export const mseThreshold: Grader = {
  name: 'mse-threshold',
  description:
    'Reconstruction (autoencoder): passes when the mean squared error on the test split is at most the threshold.',
  grade: gradeMseThreshold,
};
