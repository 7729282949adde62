import { describe, it, expect } from '@jest/globals';
import { getGrader, mseScore, type GradeInput } from './index.js';

/** A reconstruction result: `mse` on 10,000 test images with a ±`half` interval. */
function input(o: {
  mse?: number;
  half?: number;
  threshold?: number;
  aborted?: boolean;
  losses?: number[];
}): GradeInput {
  const mse = o.mse ?? 0.01;
  const half = o.half ?? 0.0002;
  return {
    evaluation: {
      count: 10_000,
      correct: 0,
      accuracy: Number.NaN,
      interval: { low: 0, high: 1 },
      loss: mse,
      perClassAccuracy: [],
      confusion: [],
      classNames: [],
      ...(o.mse !== undefined && {
        reconstruction: { count: 10_000, mse, interval: { low: mse - half, high: mse + half } },
      }),
    },
    history: (o.losses ?? [0.03, 0.012]).map((loss, epoch) => ({
      epoch,
      loss,
      accuracy: Number.NaN,
      seconds: 10,
      examplesPerSecond: 500,
      batches: 100,
      partial: false,
    })),
    stopReason: o.aborted ? 'aborted' : 'completed',
    threshold: o.threshold ?? 0.012,
    params: 20_000,
    maxParams: 50_000,
  };
}

describe('mse-threshold', () => {
  const grader = getGrader('mse-threshold');

  it('passes when the test MSE is at most the threshold, and fails above it', () => {
    expect(grader.grade(input({ mse: 0.0085 })).passed).toBe(true);
    expect(grader.grade(input({ mse: 0.012 })).passed).toBe(true);
    expect(grader.grade(input({ mse: 0.0121 })).passed).toBe(false);
  });

  it('states the MSE with its interval against the threshold, never an accuracy', () => {
    const g = grader.grade(input({ mse: 0.0085 }));
    expect(g.summary).toBe('Passed: mean squared error 0.0085 [0.0083, 0.0087] — at most 0.0120 on 10,000 test images');
    expect(g.feedback[0]).toBe(
      'Test reconstruction mean squared error 0.0085 [0.0083, 0.0087] — at most 0.0120: passed.',
    );
    const f = grader.grade(input({ mse: 0.02 }));
    expect(f.summary).toMatch(/^Failed: mean squared error 0\.0200 \[/);
    expect(f.feedback[0]).toMatch(/: 0\.0080 too high\. Keep more information through the bottleneck/);
    expect([...g.feedback, ...f.feedback].join('\n')).not.toMatch(/accuracy|class/i);
  });

  it('writes the summary and every feedback line in Chinese as well, line for line', () => {
    const g = grader.grade(input({ mse: 0.0119, half: 0.0003 }));
    const zh = g.localized?.['zh-CN'];
    expect(zh?.summary).toBe('通过：均方误差 0.0119 [0.0116, 0.0122]，上限 0.0120，共 10,000 张测试图片');
    expect(zh?.feedback).toHaveLength(g.feedback.length);
    expect(zh?.feedback.join('\n')).toContain('95% 置信区间之内');
  });

  it('says when the threshold lies inside the interval', () => {
    const g = grader.grade(input({ mse: 0.0119, half: 0.0003 }));
    expect(g.feedback.some((l) => l.includes('lies inside the 95 % interval'))).toBe(true);
  });

  it('scores 60–100 at or under the threshold, 0–59 above it', () => {
    expect(mseScore(0.012, 0.012)).toBe(60);
    expect(mseScore(0.006, 0.012)).toBe(80);
    expect(mseScore(0, 0.012)).toBe(100);
    expect(mseScore(0.024, 0.012)).toBe(30);
    expect(mseScore(Number.NaN, 0.012)).toBe(0);
    expect(grader.grade(input({ mse: 0.006 })).score).toBe(80);
  });

  it('fails a run without a measured error (cancelled, or not a reconstruction) with score 0', () => {
    const cancelled = grader.grade(input({ mse: 0.005, aborted: true }));
    expect(cancelled).toMatchObject({ passed: false, score: 0, summary: 'Not graded: the run was cancelled' });
    const none = grader.grade(input({}));
    expect(none).toMatchObject({
      passed: false,
      score: 0,
      summary: 'Failed: no reconstruction error could be measured',
    });
  });

  it('keeps the training diagnoses that apply to any loss (divergence)', () => {
    const g = grader.grade(input({ mse: 0.05, losses: [0.03, 0.2] }));
    expect(g.feedback.some((l) => l.startsWith('The training loss grew from 0.030'))).toBe(true);
  });
});
