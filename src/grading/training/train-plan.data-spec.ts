/**
 * trainPlan on the real prepared CIFAR-10 cache (data tier: `npm run datasets:prepare` first).
 * Outside CI a missing cache skips the test with a message; in CI it fails.
 */
import { describe, it, expect } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { DatasetError, loadCifar10 } from '../../datasets/index.js';
import type { ValidatedPlan } from '../model-validation/model-validation.js';
import type { JsonObject } from '../../common/json.js';
import { configureTrainingEngine, trainPlan } from './train-plan.js';

configureTrainingEngine({ prefer: 'wasm', logger: () => undefined });

describe('trainPlan on the real CIFAR-10 cache', () => {
  it('trains a small CNN on a balanced subset and evaluates it on a balanced test subset', async () => {
    try {
      await loadCifar10({ verify: 'size' });
    } catch (err) {
      if (err instanceof DatasetError && !process.env.CI) {
        console.warn(`SKIPPED real-data trainPlan test: ${err.message}`);
        return;
      }
      throw err;
    }
    const m = tfl.sequential();
    m.add(tfl.layers.conv2d({ inputShape: [32, 32, 3], filters: 8, kernelSize: 3, strides: 2, activation: 'relu' }));
    m.add(tfl.layers.flatten());
    m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
    const p: ValidatedPlan = {
      topology: m.toJSON(null, false) as unknown as JsonObject,
      params: { total: m.countParams(), layers: [] },
      compile: {
        optimizer: { name: 'adam', learningRate: 0.002 },
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
      },
      fit: { epochs: 2, batchSize: 50, validationSplit: 0 },
      labels: 'one-hot',
      outputUnits: 10,
      wallClockSeconds: 600,
    };
    m.dispose();
    const before = tf.memory().numTensors;
    const r = await trainPlan({
      plan: p,
      dataset: 'cifar10',
      task: { dataset: 'cifar10', inputShape: [32, 32, 3], numClasses: 10, output: 'softmax' },
      budget: { maxEpochs: 2, wallClockSeconds: 120, trainSubset: 1000, testSubset: 500 },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.engine).not.toMatch(/^cpu/);
    expect(r.trainExamples).toBe(1000);
    expect(r.evaluation.count).toBe(500);
    expect(r.evaluation.classNames).toHaveLength(10);
    expect(r.evaluation.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(10).fill(50));
    // Better than guessing (10 %) after two passes over 1,000 images.
    expect(r.evaluation.accuracy).toBeGreaterThan(0.15);
  }, 120_000);
});
