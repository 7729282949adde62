/**
 * Diagnoses shared by the graders: what the training curve and the test result say about
 * the model, written as advice the candidate can act on.
 */
import type { GradeInput } from './types.js';

/** Train accuracy this far above test (or validation) accuracy reads as overfitting. */
export const OVERFIT_GAP = 0.1;
/** Training loss this many times its first-epoch value reads as diverging. */
export const DIVERGENCE_RATIO = 1.5;
/** Within this many points of chance (1 / classes), the model has learnt next to nothing. */
export const CHANCE_MARGIN = 0.03;

export const pct = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : 'n/a');
const pts = (x: number): string => `${(100 * x).toFixed(1)} points`;

/** "61.2 % [60.3, 62.2]" */
export function accuracyWithInterval(input: GradeInput): string {
  const { accuracy, interval } = input.evaluation;
  return `${pct(accuracy)} [${(100 * interval.low).toFixed(1)}, ${(100 * interval.high).toFixed(1)}]`;
}

export function thresholdText(threshold: number): string {
  const v = 100 * threshold;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)} %`;
}

export type DiagnosisCode =
  | 'not-finite'
  | 'diverging'
  | 'budget'
  | 'aborted'
  | 'overfitting'
  | 'underfitting'
  | 'near-chance'
  | 'borderline'
  | 'weak-classes';

export interface Diagnosis {
  code: DiagnosisCode;
  message: string;
}

const finalEpoch = (input: GradeInput) => {
  const full = input.history.filter((h) => !h.partial);
  return full.length > 0 ? full[full.length - 1] : input.history[input.history.length - 1];
};

/** Every diagnosis that applies, most important first. */
export function diagnose(input: GradeInput): Diagnosis[] {
  const out: Diagnosis[] = [];
  const { evaluation, history, threshold } = input;
  const acc = evaluation.accuracy;
  const classes = Math.max(2, evaluation.classNames.length || evaluation.perClassAccuracy.length);
  const chance = 1 / classes;
  const last = finalEpoch(input);

  const nonFinite =
    history.some((h) => !Number.isFinite(h.loss)) || (evaluation.count > 0 && !Number.isFinite(evaluation.loss));
  if (nonFinite) {
    out.push({
      code: 'not-finite',
      message:
        'The loss became NaN or infinite during training: the updates blew the weights up. Lower the learning rate (try 10x smaller), ' +
        'and check that the output activation matches the loss (softmax with categorical cross-entropy, sigmoid with binary cross-entropy).',
    });
  } else if (history.length >= 2) {
    const first = history[0].loss;
    const end = history[history.length - 1].loss;
    if (Number.isFinite(first) && first > 0 && end > first * DIVERGENCE_RATIO) {
      out.push({
        code: 'diverging',
        message: `The training loss grew from ${first.toFixed(3)} in the first epoch to ${end.toFixed(3)} in the last: training is diverging. Lower the learning rate.`,
      });
    }
  }

  if (input.stopReason === 'budget') {
    out.push({
      code: 'budget',
      message:
        `Training was stopped by the exercise's time limit after ${history.filter((h) => !h.partial).length} full epoch(s), before the plan finished. ` +
        'Make the model faster per example (fewer filters or units, pooling earlier, a shorter recurrent layer) or plan fewer epochs.',
    });
  } else if (input.stopReason === 'aborted') {
    out.push({
      code: 'aborted',
      message: 'The run was cancelled before it finished, so these figures are incomplete.',
    });
  }

  if (evaluation.count > 0 && Number.isFinite(acc) && !nonFinite) {
    const trainAcc = last?.accuracy;
    const valAcc = last?.valAccuracy;
    const heldOut = valAcc !== undefined && Number.isFinite(valAcc) ? Math.min(valAcc, acc) : acc;
    if (trainAcc !== undefined && Number.isFinite(trainAcc) && trainAcc - heldOut > OVERFIT_GAP) {
      const which =
        valAcc !== undefined && valAcc < acc ? `validation accuracy ${pct(valAcc)}` : `test accuracy ${pct(acc)}`;
      out.push({
        code: 'overfitting',
        message:
          `Train accuracy ${pct(trainAcc)} is ${pts(trainAcc - heldOut)} above ${which}: the model memorises the training set. ` +
          'Regularise it (dropout, weight decay), augment the data, or use fewer parameters.',
      });
    } else if (acc - chance <= CHANCE_MARGIN) {
      out.push({
        code: 'near-chance',
        message:
          `Test accuracy ${pct(acc)} is about what guessing gives (${pct(chance, 0)} with ${classes} classes): the model has learnt almost nothing. ` +
          'Check that the learning rate is not tiny, that the model trains for at least a full epoch, and that the output layer and loss fit the task.',
      });
    } else if (
      acc < threshold &&
      (trainAcc === undefined || !Number.isFinite(trainAcc) || trainAcc < threshold + OVERFIT_GAP / 2)
    ) {
      out.push({
        code: 'underfitting',
        message:
          `Train accuracy ${trainAcc !== undefined && Number.isFinite(trainAcc) ? pct(trainAcc) : 'n/a'} and test accuracy ${pct(acc)} are both low: the model underfits. ` +
          'Give it more capacity (more filters/units or another layer), train more epochs within the budget, or raise the learning rate.',
      });
    }

    if (threshold > evaluation.interval.low && threshold < evaluation.interval.high) {
      out.push({
        code: 'borderline',
        message: `The threshold ${thresholdText(threshold)} lies inside the 95 % interval of the result, so another seed could land on the other side of it.`,
      });
    }

    const named = evaluation.perClassAccuracy
      .map((a, c) => ({ a, name: evaluation.classNames[c] ?? `class ${c}` }))
      .filter((x) => Number.isFinite(x.a));
    if (named.length > 2) {
      const weakest = [...named].sort((x, y) => x.a - y.a).slice(0, 2);
      if (weakest[0].a < acc - 0.15) {
        out.push({
          code: 'weak-classes',
          message: `Weakest classes: ${weakest.map((w) => `${w.name} ${pct(w.a, 0)}`).join(', ')} (the confusion matrix shows what they are mistaken for).`,
        });
      }
    } else if (named.length === 2 && Math.abs(named[0].a - named[1].a) > 0.2) {
      const [lo, hi] = named[0].a < named[1].a ? [named[0], named[1]] : [named[1], named[0]];
      out.push({
        code: 'weak-classes',
        message: `The model leans towards "${hi.name}" (${pct(hi.a, 0)} right) at the expense of "${lo.name}" (${pct(lo.a, 0)} right): its decision threshold is off-centre; more training usually balances it.`,
      });
    }
  }
  return out;
}
