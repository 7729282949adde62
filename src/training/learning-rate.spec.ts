import { describe, expect, it, jest } from '@jest/globals';
import type * as tf from '@tensorflow/tfjs-core';
import { learningRateOf, scheduledLearningRate, setLearningRate } from './learning-rate.js';

describe('scheduledLearningRate', () => {
  it('keeps the base rate when constant', () => {
    expect([0, 5, 99].map((step) => scheduledLearningRate('constant', 0.001, step, 100))).toEqual([
      0.001, 0.001, 0.001,
    ]);
  });

  it('falls along half a cosine from the base rate at the first batch to zero after the last', () => {
    expect(scheduledLearningRate('cosine', 0.002, 0, 100)).toBe(0.002);
    expect(scheduledLearningRate('cosine', 0.002, 50, 100)).toBeCloseTo(0.001, 15);
    expect(scheduledLearningRate('cosine', 0.002, 75, 100)).toBeCloseTo(0.001 * (1 - Math.SQRT1_2), 15);
    expect(scheduledLearningRate('cosine', 0.002, 100, 100)).toBeCloseTo(0, 15);
    // Past the plan (never asked by fit) it stays at zero rather than rising again.
    expect(scheduledLearningRate('cosine', 0.002, 150, 100)).toBeCloseTo(0, 15);
    expect(scheduledLearningRate('cosine', 0.002, 3, 0)).toBe(0.002);
  });
});

describe('setLearningRate', () => {
  it('renews the rate through setLearningRate where the optimizer has one (SGD keeps it as a tensor), else sets the field (Adam reads it per step)', () => {
    const sgd = { learningRate: 0.1, setLearningRate: jest.fn((lr: number) => void (sgd.learningRate = lr)) };
    setLearningRate(sgd as unknown as tf.Optimizer, 0.05);
    expect(sgd.setLearningRate).toHaveBeenCalledWith(0.05);
    expect(learningRateOf(sgd as unknown as tf.Optimizer)).toBe(0.05);
    const adam = { learningRate: 0.001 };
    setLearningRate(adam as unknown as tf.Optimizer, 0.0005);
    expect(learningRateOf(adam as unknown as tf.Optimizer)).toBe(0.0005);
  });
});
