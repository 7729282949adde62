/**
 * `threshold-and-params`: pass when the test accuracy reaches the threshold AND the model
 * stays within the parameter budget; the score rewards both accuracy and a lean model.
 *
 * Score: a failing model gets the accuracy-threshold score (0–59); leanness earns nothing
 * until the model works. A passing model gets 60 + 30 × (accuracy above the threshold, as a
 * share of what is left up to 100 %) + 10 × (1 − params / maxParams), so any pass scores
 * above any fail. A model over the budget fails (the validator normally refuses it before
 * training).
 */
import { accuracyScore, gradeAccuracy, gradable, notGradable } from './accuracy-threshold.js';
import { gradeTexts, localizedGrade, text } from './grade-text.js';
import type { Grade, GradeInput, Grader } from './types.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Points for unused parameter budget, 0–10 (0 when over the budget). */
export function paramsScore(params: number, maxParams: number): number {
  if (!(maxParams > 0) || params > maxParams) return 0;
  return 10 * (1 - Math.max(0, params) / maxParams);
}

export function combinedScore(accuracy: number, threshold: number, params: number, maxParams: number): number {
  const acc = accuracyScore(accuracy, threshold);
  if (acc < 60 || params > maxParams) return Math.min(59, acc);
  // accuracyScore is 60–100 from here: its top 40 points become 30, plus up to 10 for leanness.
  return Math.min(100, Math.round(60 + 0.75 * (acc - 60) + paramsScore(params, maxParams)));
}

export function gradeThresholdAndParams(input: GradeInput): Grade {
  if (!gradable(input)) return notGradable(input);
  const base = gradeAccuracy(input);
  const overBudget = input.params > input.maxParams;
  const share = input.maxParams > 0 ? input.params / input.maxParams : Number.POSITIVE_INFINITY;
  const passed = base.passed && !overBudget;
  const score = combinedScore(input.evaluation.accuracy, input.threshold, input.params, input.maxParams);
  const used = fmt(input.params);
  const budget = fmt(input.maxParams);
  const sharePct = (100 * share).toFixed(0);
  const paramLine = overBudget
    ? text(
        `The model has ${used} parameters, over the budget of ${budget}: it cannot pass until it is smaller.`,
        `模型有 ${used} 个参数，超出了 ${budget} 的预算：变小之前无法通过。`,
      )
    : share > 0.5
      ? text(
          `The model uses ${used} of ${budget} parameters (${sharePct} %); a leaner model (a smaller embedding or fewer units) would score higher if it kept the accuracy.`,
          `模型用了 ${budget} 个参数预算中的 ${used} 个（${sharePct} %）；在保持准确率的前提下，更精简的模型（更小的嵌入或更少的单元）得分更高。`,
        )
      : text(
          `The model uses ${used} of ${budget} parameters (${sharePct} %); a lean model, which the score rewards.`,
          `模型用了 ${budget} 个参数预算中的 ${used} 个（${sharePct} %）；模型精简，得分会因此加分。`,
        );
  const lines = gradeTexts(base);
  const headline = (line: string, prefix: RegExp) => line.replace(prefix, '');
  const summary = passed
    ? text(
        `Passed: ${headline(lines.summary.en, /^(Passed|Failed): /)}; ${used} / ${budget} parameters`,
        `通过：${headline(lines.summary['zh-CN'], /^(通过|未通过)：/)}；参数 ${used} / ${budget}`,
      )
    : text(
        `Failed: ${headline(lines.summary.en, /^(Passed|Failed): /)}; ${used} / ${budget} parameters`,
        `未通过：${headline(lines.summary['zh-CN'], /^(通过|未通过)：/)}；参数 ${used} / ${budget}`,
      );
  return localizedGrade(passed, score, summary, [lines.feedback[0]!, paramLine, ...lines.feedback.slice(1)]);
}

export const thresholdAndParams: Grader = {
  name: 'threshold-and-params',
  description:
    'Passes when the test accuracy reaches the threshold within the parameter budget; the score also rewards fewer parameters.',
  grade: gradeThresholdAndParams,
};
