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
  const paramLine = overBudget
    ? `The model has ${fmt(input.params)} parameters, over the budget of ${fmt(input.maxParams)}: it cannot pass until it is smaller.`
    : `The model uses ${fmt(input.params)} of ${fmt(input.maxParams)} parameters (${(100 * share).toFixed(0)} %); ` +
      (share > 0.5
        ? 'a leaner model (a smaller embedding or fewer units) would score higher if it kept the accuracy.'
        : 'a lean model, which the score rewards.');
  const feedback = [base.feedback[0], paramLine, ...base.feedback.slice(1)];
  const summary = `${passed ? 'Passed' : 'Failed'}: ${base.summary.replace(/^(Passed|Failed): /, '')}; ${fmt(input.params)} / ${fmt(input.maxParams)} parameters`;
  return { passed, score, feedback, summary };
}

export const thresholdAndParams: Grader = {
  name: 'threshold-and-params',
  description:
    'Passes when the test accuracy reaches the threshold within the parameter budget; the score also rewards fewer parameters.',
  grade: gradeThresholdAndParams,
};
