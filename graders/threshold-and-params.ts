/**
 * `threshold-and-params`: pass when the test accuracy reaches the threshold AND the model
 * stays within the parameter budget; the score rewards both accuracy and a lean model.
 *
 * Score = 80 % of the accuracy-threshold score + up to 20 points for unused parameter
 * budget (20 × (1 − params / maxParams)). A model over the budget fails with score 0 on the
 * parameter part (the validator normally refuses it before training).
 */
import { accuracyScore, gradeAccuracy, gradable, notGradable } from './accuracy-threshold.js';
import type { Grade, GradeInput, Grader } from './types.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

export function paramsScore(params: number, maxParams: number): number {
  if (!(maxParams > 0) || params > maxParams) return 0;
  return 20 * (1 - Math.max(0, params) / maxParams);
}

export function gradeThresholdAndParams(input: GradeInput): Grade {
  if (!gradable(input)) return notGradable(input);
  const base = gradeAccuracy(input);
  const overBudget = input.params > input.maxParams;
  const share = input.maxParams > 0 ? input.params / input.maxParams : Number.POSITIVE_INFINITY;
  const passed = base.passed && !overBudget;
  const score = Math.round(0.8 * accuracyScore(input.evaluation.accuracy, input.threshold) + paramsScore(input.params, input.maxParams));
  const paramLine = overBudget
    ? `The model has ${fmt(input.params)} parameters, over the budget of ${fmt(input.maxParams)}: it cannot pass until it is smaller.`
    : `The model uses ${fmt(input.params)} of ${fmt(input.maxParams)} parameters (${(100 * share).toFixed(0)} %); ` +
      (share > 0.5
        ? 'a leaner model (a smaller embedding or fewer units) would raise the score if it keeps the accuracy.'
        : 'a lean model, which the score rewards.');
  const feedback = [base.feedback[0], paramLine, ...base.feedback.slice(1)];
  const summary = `${passed ? 'Passed' : 'Failed'}: ${base.summary.replace(/^(Passed|Failed): /, '')}; ${fmt(input.params)} / ${fmt(input.maxParams)} parameters`;
  return { passed, score: Math.min(100, Math.max(0, score)), feedback, summary };
}

export const thresholdAndParams: Grader = {
  name: 'threshold-and-params',
  description: 'Passes when the test accuracy reaches the threshold within the parameter budget; the score also rewards fewer parameters.',
  grade: gradeThresholdAndParams,
};
