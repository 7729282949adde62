import { describe, it, expect } from '@jest/globals';
import { getGrader, measuresTrainAccuracy, type GradeInput } from './index.js';

/** IMDb-like result: `test` accuracy on 25,000 reviews, `train` on 10,000 training reviews. */
function input(o: {
  test: number;
  train?: number;
  threshold?: number;
  maxGap?: number;
  trainCount?: number;
}): GradeInput {
  const n = 25_000;
  const correct = Math.round(o.test * n);
  const trainCount = o.trainCount ?? 10_000;
  const trainCorrect = Math.round((o.train ?? 0) * trainCount);
  return {
    evaluation: {
      count: n,
      correct,
      accuracy: correct / n,
      interval: { low: correct / n - 0.005, high: correct / n + 0.005 },
      loss: 0.35,
      perClassAccuracy: [correct / n, correct / n],
      confusion: [
        [0, 0],
        [0, 0],
      ],
      classNames: ['negative', 'positive'],
      ...(o.train !== undefined && {
        train: {
          count: trainCount,
          correct: trainCorrect,
          accuracy: trainCorrect / trainCount,
          interval: { low: trainCorrect / trainCount - 0.01, high: trainCorrect / trainCount + 0.01 },
        },
      }),
    },
    history: [
      { epoch: 0, loss: 0.5, accuracy: 0.8, seconds: 10, examplesPerSecond: 900, batches: 100, partial: false },
      { epoch: 1, loss: 0.3, accuracy: 0.9, seconds: 10, examplesPerSecond: 900, batches: 100, partial: false },
    ],
    stopReason: 'completed',
    threshold: o.threshold ?? 0.84,
    params: 160_033,
    maxParams: 2_000_000,
    maxGap: 'maxGap' in o ? o.maxGap : 0.05,
  };
}

describe('threshold-and-gap', () => {
  const grader = getGrader('threshold-and-gap');

  it('is registered and asks the training run to measure the train accuracy', () => {
    expect(grader.name).toBe('threshold-and-gap');
    expect(measuresTrainAccuracy('threshold-and-gap')).toBe(true);
    expect(measuresTrainAccuracy('accuracy-threshold')).toBe(false);
    expect(measuresTrainAccuracy('no-such-grader')).toBe(false);
  });

  it('passes only when the test accuracy reaches the threshold and the gap is within the limit', () => {
    expect(grader.grade(input({ test: 0.86, train: 0.89 })).passed).toBe(true);
    // Good test accuracy, but it memorised the training set.
    expect(grader.grade(input({ test: 0.86, train: 0.995 })).passed).toBe(false);
    // No gap at all, but too weak.
    expect(grader.grade(input({ test: 0.7, train: 0.7 })).passed).toBe(false);
    // Both wrong.
    expect(grader.grade(input({ test: 0.8, train: 1 })).passed).toBe(false);
  });

  it('treats the limits as inclusive: exactly the threshold and exactly the max gap pass', () => {
    const g = grader.grade(input({ test: 0.84, train: 0.89 }));
    expect(g.passed).toBe(true);
    // Compared as shown, in tenths of a point: 5.04 points reads 5.0 and passes, 5.06 reads 5.1 and fails.
    expect(grader.grade(input({ test: 0.84, train: 0.8904 })).passed).toBe(true);
    expect(grader.grade(input({ test: 0.84, train: 0.8906 })).passed).toBe(false);
    expect(grader.grade(input({ test: 0.8399, train: 0.85 })).passed).toBe(false);
  });

  it('names both accuracies and the gap against its limit in the feedback and the summary', () => {
    const over = grader.grade(input({ test: 0.86, train: 0.995 }));
    expect(over.summary).toBe(
      'Failed: 86.0 % [85.5, 86.5] — threshold 84 %; train 99.5 %, gap 13.5 points (at most 5.0 points)',
    );
    // The gap is why it failed, so it comes first.
    expect(over.feedback[0]).toMatch(
      /^Train accuracy 99\.5 % \(measured after training on 10,000 training examples.*\) against test accuracy 86\.0 %: a gap of 13\.5 points \(at most 5\.0 points\): the model memorises/,
    );
    expect(over.feedback[1]).toBe('Test accuracy 86.0 % [85.5, 86.5] — threshold 84 %: reached.');
    // The generic overfitting diagnosis (from the training curve) would repeat it with other figures.
    expect(over.feedback.some((f) => f.startsWith('Train accuracy 90.0 %'))).toBe(false);

    const ok = grader.grade(input({ test: 0.86, train: 0.88 }));
    expect(ok.summary).toBe(
      'Passed: 86.0 % [85.5, 86.5] — threshold 84 %; train 88.0 %, gap 2.0 points (at most 5.0 points)',
    );
    expect(ok.feedback[0]).toBe('Test accuracy 86.0 % [85.5, 86.5] — threshold 84 %: reached.');
    expect(ok.feedback[1]).toMatch(/a gap of 2\.0 points \(at most 5\.0 points\), so the model generalises/);

    const short = grader.grade(input({ test: 0.8, train: 0.81 }));
    expect(short.feedback[0]).toBe('Test accuracy 80.0 % [79.5, 80.5] — threshold 84 %: 4.0 points short.');
  });

  it('scores like accuracy-threshold when it passes, and at most 59 when the gap fails it', () => {
    expect(grader.grade(input({ test: 0.84, train: 0.85 })).score).toBe(60);
    expect(grader.grade(input({ test: 0.92, train: 0.93 })).score).toBe(80);
    expect(grader.grade(input({ test: 0.92, train: 1 })).score).toBe(59);
    expect(grader.grade(input({ test: 0.42, train: 0.43 })).score).toBe(30);
  });

  it('writes the summary and every feedback line in Chinese as well, line for line', () => {
    const g = grader.grade(input({ test: 0.86, train: 0.99 }));
    const zh = g.localized?.['zh-CN'];
    expect(zh?.summary).toMatch(/^未通过：.*差距 13\.0 个百分点（上限 5\.0 个百分点）$/);
    expect(zh?.feedback).toHaveLength(g.feedback.length);
    expect(zh?.feedback[0]).toContain('模型在死记训练集');
  });

  it('fails a cancelled run as the other graders do', () => {
    const i = input({ test: 0.86, train: 0.88 });
    const g = grader.grade({ ...i, stopReason: 'aborted' });
    expect(g.passed).toBe(false);
    expect(g.score).toBe(0);
    expect(g.summary).toBe('Not graded: the run was cancelled');
  });

  it('refuses to grade without a max gap or a measured train accuracy (a setup error, not the candidate’s)', () => {
    expect(() => grader.grade(input({ test: 0.86, train: 0.88, maxGap: undefined }))).toThrow(/maxGap/);
    expect(() => grader.grade(input({ test: 0.86 }))).toThrow(/did not measure the train accuracy/);
  });
});
