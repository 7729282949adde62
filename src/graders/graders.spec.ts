import { describe, it, expect } from '@jest/globals';
import {
  accuracyScore,
  combinedScore,
  diagnose,
  getGrader,
  gradeIn,
  graderNames,
  paramsScore,
  type GradeInput,
} from './index.js';
import type { EpochLog } from '../training/train-result.js';

const CIFAR = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

function wilson(correct: number, n: number) {
  const z = 1.96;
  const p = correct / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { low: c - h, high: c + h };
}

function epoch(i: number, loss: number, accuracy: number, valAccuracy?: number, partial = false): EpochLog {
  return {
    epoch: i,
    loss,
    accuracy,
    valAccuracy,
    valLoss: valAccuracy === undefined ? undefined : loss,
    seconds: 10,
    examplesPerSecond: 400,
    batches: 100,
    partial,
  };
}

/** A result with `accuracy` on n test examples, every class equally good unless `perClass` is given. */
function input(o: {
  accuracy: number;
  n?: number;
  threshold?: number;
  history?: EpochLog[];
  stopReason?: GradeInput['stopReason'];
  params?: number;
  maxParams?: number;
  classes?: string[];
  perClass?: number[];
  loss?: number;
}): GradeInput {
  const n = o.n ?? 10000;
  const classes = o.classes ?? CIFAR;
  const correct = Math.round(o.accuracy * n);
  const k = classes.length;
  return {
    evaluation: {
      count: n,
      correct,
      accuracy: correct / n,
      interval: wilson(correct, n),
      loss: o.loss ?? 1.0,
      perClassAccuracy: o.perClass ?? new Array<number>(k).fill(correct / n),
      confusion: Array.from({ length: k }, () => new Array<number>(k).fill(0)),
      classNames: classes,
    },
    history: o.history ?? [epoch(0, 1.5, o.accuracy - 0.02, o.accuracy), epoch(1, 1.2, o.accuracy + 0.01, o.accuracy)],
    stopReason: o.stopReason ?? 'completed',
    threshold: o.threshold ?? 0.6,
    params: o.params ?? 120_000,
    maxParams: o.maxParams ?? 250_000,
  };
}

const codes = (i: GradeInput) => diagnose(i).map((d) => d.code);

describe('grader registry', () => {
  it('returns the accuracy-threshold and threshold-and-params graders by name', () => {
    expect(getGrader('accuracy-threshold').name).toBe('accuracy-threshold');
    expect(getGrader('threshold-and-params').name).toBe('threshold-and-params');
    expect(graderNames()).toEqual(expect.arrayContaining(['accuracy-threshold', 'threshold-and-params']));
  });

  it('throws an error naming the known graders for an unknown name', () => {
    expect(() => getGrader('best-effort')).toThrow(
      /Unknown grader "best-effort".*accuracy-threshold, threshold-and-params/,
    );
    expect(() => getGrader('toString')).toThrow(/Unknown grader/);
  });
});

describe('accuracy-threshold', () => {
  const grader = getGrader('accuracy-threshold');

  it('passes exactly at the threshold and fails one example below it', () => {
    const at = grader.grade(input({ accuracy: 0.6 }));
    expect(at.passed).toBe(true);
    expect(at.score).toBe(60);
    const below = grader.grade(input({ accuracy: 0.5999 }));
    expect(below.passed).toBe(false);
    expect(below.score).toBeLessThan(60);
  });

  it('states the accuracy with its interval and the threshold in the first feedback line and the summary', () => {
    const g = grader.grade(input({ accuracy: 0.612, threshold: 0.65 }));
    expect(g.passed).toBe(false);
    expect(g.feedback[0]).toBe('Test accuracy 61.2 % [60.2, 62.2] — threshold 65 %: 3.8 points short.');
    expect(g.summary).toBe('Failed: 61.2 % [60.2, 62.2] — threshold 65 %');
  });

  it('scores higher for higher accuracy, 0 to 59 below the threshold and 60 to 100 above it', () => {
    expect(accuracyScore(0, 0.6)).toBe(0);
    expect(accuracyScore(0.3, 0.6)).toBe(30);
    expect(accuracyScore(0.6, 0.6)).toBe(60);
    expect(accuracyScore(0.8, 0.6)).toBe(80);
    expect(accuracyScore(1, 0.6)).toBe(100);
    expect(accuracyScore(Number.NaN, 0.6)).toBe(0);
  });

  it('fails a cancelled run without a test accuracy, with score 0', () => {
    const i = input({ accuracy: 0.7 });
    i.evaluation = { ...i.evaluation, count: 0, correct: 0, accuracy: Number.NaN };
    const g = grader.grade({ ...i, stopReason: 'aborted' });
    expect(g.passed).toBe(false);
    expect(g.score).toBe(0);
    expect(g.summary).toMatch(/cancelled/);
  });
});

describe('threshold-and-params', () => {
  const grader = getGrader('threshold-and-params');

  it('passes an accurate model within the budget and reports its share of the budget', () => {
    const g = grader.grade(
      input({
        accuracy: 0.85,
        threshold: 0.8,
        params: 500_000,
        maxParams: 2_000_000,
        classes: ['negative', 'positive'],
      }),
    );
    expect(g.passed).toBe(true);
    expect(g.feedback[1]).toMatch(/500,000 of 2,000,000 parameters \(25 %\)/);
    expect(g.summary).toMatch(/500,000 \/ 2,000,000 parameters/);
  });

  it('gives a leaner model with the same accuracy a higher score', () => {
    const lean = grader.grade(input({ accuracy: 0.85, threshold: 0.8, params: 300_000, maxParams: 2_000_000 }));
    const big = grader.grade(input({ accuracy: 0.85, threshold: 0.8, params: 1_800_000, maxParams: 2_000_000 }));
    expect(lean.score).toBeGreaterThan(big.score);
    expect(paramsScore(0, 100)).toBe(10);
    expect(paramsScore(100, 100)).toBe(0);
  });

  it('scores any passing model above any failing one, however lean', () => {
    const passBig = grader.grade(input({ accuracy: 0.8, threshold: 0.8, params: 2_000_000, maxParams: 2_000_000 }));
    const failLean = grader.grade(input({ accuracy: 0.799, threshold: 0.8, params: 10, maxParams: 2_000_000 }));
    expect(passBig.passed).toBe(true);
    expect(failLean.passed).toBe(false);
    expect(passBig.score).toBe(60);
    expect(failLean.score).toBeLessThan(60);
    expect(combinedScore(1, 0.8, 0, 100)).toBe(100);
  });

  it('fails a model over the parameter budget even when it is accurate enough', () => {
    const g = grader.grade(input({ accuracy: 0.9, threshold: 0.8, params: 2_000_001, maxParams: 2_000_000 }));
    expect(g.passed).toBe(false);
    expect(g.feedback.join('\n')).toMatch(/over the budget of 2,000,000/);
  });

  it('fails a model below the threshold even when it is lean', () => {
    const g = grader.grade(input({ accuracy: 0.79, threshold: 0.8, params: 10_000, maxParams: 2_000_000 }));
    expect(g.passed).toBe(false);
  });
});

describe('diagnoses', () => {
  it('reads train accuracy far above test accuracy as overfitting', () => {
    const i = input({ accuracy: 0.6, history: [epoch(0, 1.0, 0.7), epoch(1, 0.4, 0.88)] });
    const d = diagnose(i).find((x) => x.code === 'overfitting');
    expect(d?.text.en).toMatch(/Train accuracy 88.0 % is 28.0 points above test accuracy 60.0 %/);
    expect(d?.text.en).toMatch(/dropout|augment|fewer parameters/);
  });

  it('uses the validation accuracy for overfitting when it is lower than the test accuracy', () => {
    const i = input({ accuracy: 0.7, history: [epoch(0, 0.5, 0.9, 0.66)] });
    expect(diagnose(i).find((x) => x.code === 'overfitting')?.text.en).toMatch(/validation accuracy 66.0 %/);
  });

  it('does not call a small train/test gap overfitting', () => {
    expect(codes(input({ accuracy: 0.6, history: [epoch(0, 1.0, 0.65, 0.6)] }))).not.toContain('overfitting');
  });

  it('reads low train and test accuracy below the threshold as underfitting', () => {
    const i = input({ accuracy: 0.45, threshold: 0.6, history: [epoch(0, 1.6, 0.42, 0.44)] });
    const d = diagnose(i).find((x) => x.code === 'underfitting');
    expect(d?.text.en).toMatch(/more capacity|more epochs|learning rate/);
    expect(codes(input({ accuracy: 0.7, threshold: 0.6, history: [epoch(0, 0.9, 0.7, 0.7)] }))).not.toContain(
      'underfitting',
    );
  });

  it('recognises a model that is no better than guessing', () => {
    const i = input({ accuracy: 0.11, history: [epoch(0, 2.3, 0.1, 0.1)] });
    expect(codes(i)).toContain('near-chance');
    expect(codes(i)).not.toContain('underfitting');
    const binary = input({
      accuracy: 0.51,
      threshold: 0.8,
      classes: ['negative', 'positive'],
      history: [epoch(0, 0.69, 0.5, 0.5)],
    });
    expect(diagnose(binary).find((x) => x.code === 'near-chance')?.text.en).toMatch(/50 % with 2 classes/);
  });

  it('blames the learning rate when the loss becomes NaN', () => {
    const i = input({ accuracy: 0.1, history: [epoch(0, 2.1, 0.2), epoch(1, Number.NaN, 0.1)], loss: Number.NaN });
    const d = diagnose(i);
    expect(d[0].code).toBe('not-finite');
    expect(d[0].text.en).toMatch(/Lower the learning rate/);
    expect(codes(i)).not.toContain('near-chance');
  });

  it('blames the learning rate when the training loss grows over the epochs', () => {
    const i = input({ accuracy: 0.3, history: [epoch(0, 1.8, 0.3), epoch(1, 2.5, 0.2), epoch(2, 3.1, 0.2)] });
    expect(diagnose(i).find((x) => x.code === 'diverging')?.text.en).toMatch(
      /from 1.800 .* to 3.100.*Lower the learning rate/,
    );
    expect(codes(input({ accuracy: 0.6 }))).not.toContain('diverging');
  });

  it('suggests a faster model when the wall-clock budget stopped training', () => {
    const i = input({
      accuracy: 0.55,
      stopReason: 'budget',
      history: [epoch(0, 1.4, 0.5, 0.52), epoch(1, 1.2, 0.55, 0.55, true)],
    });
    const d = diagnose(i).find((x) => x.code === 'budget');
    expect(d?.text.en).toMatch(/time limit after 1 full epoch/);
    expect(d?.text.en).toMatch(/faster|fewer epochs/);
    expect(codes(input({ accuracy: 0.55 }))).not.toContain('budget');
  });

  it('warns when the threshold lies inside the interval', () => {
    expect(codes(input({ accuracy: 0.601, threshold: 0.6 }))).toContain('borderline');
    expect(codes(input({ accuracy: 0.7, threshold: 0.6 }))).not.toContain('borderline');
  });

  it('names the weakest classes when some are far below the average', () => {
    const perClass = [0.7, 0.75, 0.3, 0.25, 0.6, 0.5, 0.7, 0.7, 0.75, 0.75];
    const i = input({ accuracy: 0.59, perClass });
    expect(diagnose(i).find((x) => x.code === 'weak-classes')?.text.en).toMatch(
      /^Weakest classes: cat 25 %, bird 30 %/,
    );
  });

  it('says which way a binary model leans when one class is much worse', () => {
    const i = input({ accuracy: 0.7, threshold: 0.8, classes: ['negative', 'positive'], perClass: [0.5, 0.9] });
    expect(diagnose(i).find((x) => x.code === 'weak-classes')?.text.en).toMatch(
      /leans towards "positive" \(90 % right\).*"negative" \(50 % right\)/,
    );
  });
});

describe('grades in both locales', () => {
  const han = /[\u4e00-\u9fff]/;
  const cases: [string, GradeInput][] = [
    ['a pass', input({ accuracy: 0.7 })],
    [
      'a near miss with diagnoses',
      input({ accuracy: 0.58, perClass: [0.9, 0.9, 0.1, 0.1, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6] }),
    ],
    ['an overfitting model', input({ accuracy: 0.6, history: [epoch(0, 1.4, 0.7), epoch(1, 0.4, 0.95)] })],
    ['a cancelled run', input({ accuracy: 0.5, stopReason: 'aborted' })],
  ];
  for (const name of ['accuracy-threshold', 'threshold-and-params']) {
    it.each(cases)(`${name} writes every line of %s in Chinese too, line for line`, (_, i) => {
      const g = getGrader(name).grade(i);
      const zh = g.localized?.['zh-CN'];
      expect(zh?.feedback).toHaveLength(g.feedback.length);
      for (const line of [zh!.summary, ...zh!.feedback]) expect(line).toMatch(han);
      expect(gradeIn(g, 'zh-CN')).toEqual(zh);
      expect(gradeIn(g, 'en')).toEqual({ summary: g.summary, feedback: g.feedback });
    });
  }

  it('keeps the figures of the English line in the Chinese one', () => {
    const g = getGrader('threshold-and-params').grade(input({ accuracy: 0.55, params: 200_000 }));
    const zh = g.localized!['zh-CN']!;
    expect(g.summary).toMatch(/^Failed: 55\.0 % \[[\d.]+, [\d.]+\] — threshold 60 %; 200,000 \/ 250,000 parameters$/);
    expect(zh.summary).toMatch(/^未通过：55\.0 % \[[\d.]+, [\d.]+\]，及格线 60 %；参数 200,000 \/ 250,000$/);
    expect(zh.feedback[0]).toContain('还差 5.0 个百分点');
  });

  it('reads a grade stored before grades were translated in English, whatever the locale', () => {
    const old = { summary: 'Passed: 70.0 % — threshold 60 %', feedback: ['Test accuracy 70.0 %: passed.'] };
    expect(gradeIn(old, 'zh-CN')).toEqual(old);
  });
});
