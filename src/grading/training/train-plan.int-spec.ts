import { describe, it, expect, beforeAll, jest } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { imageSource, sequenceSource } from '../../training/sources.js';
import type { ModelTask } from '../../sandbox/sandbox.types.js';
import type { JsonObject } from '../../common/json.js';
import type { LossName, NormalisedOptimizer, ValidatedPlan } from '../model-validation/model-validation.js';
import {
  configureTrainingEngine,
  trainPlanOn,
  type BatchSourceFactory,
  type TrainingData,
  type TrainPlanRequest,
} from './train-plan.js';

// ---------------------------------------------------------------------------
// Small synthetic tasks: 8x8 RGB images whose class is the brightest channel, and
// sequences whose class is whether token 5 or token 6 is more frequent.

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function colourImages(n: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const r = rng(seed);
  const images = new Uint8Array(n * 8 * 8 * 3);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    for (let p = 0; p < 64; p++)
      for (let ch = 0; ch < 3; ch++) images[(i * 64 + p) * 3 + ch] = Math.floor(r() * 120) + (ch === c ? 120 : 0);
  }
  return { images, labels };
}

function imageFactory(d: { images: Uint8Array; labels: Uint8Array }): BatchSourceFactory {
  return {
    size: d.labels.length,
    labels: d.labels,
    make: () => imageSource({ images: d.images, labels: d.labels, height: 8, width: 8, channels: 3, numClasses: 3 }),
  };
}

const SEQ = 12;
function tokenSequences(n: number, seed: number): { ids: Int32Array; labels: Uint8Array } {
  const r = rng(seed);
  const ids = new Int32Array(n * SEQ);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    labels[i] = y;
    for (let t = 0; t < SEQ; t++) ids[i * SEQ + t] = r() < 0.4 ? (y ? 5 : 6) : 3 + Math.floor(r() * 17);
  }
  return { ids, labels };
}

function sequenceFactory(d: { ids: Int32Array; labels: Uint8Array }): BatchSourceFactory {
  return {
    size: d.labels.length,
    labels: d.labels,
    make: (form) =>
      sequenceSource({
        ids: d.ids,
        seqLen: SEQ,
        labels: d.labels,
        numClasses: 2,
        labelMode: form === 'binary' ? 'binary' : 'onehot',
      }),
  };
}

const imageData: TrainingData = {
  train: imageFactory(colourImages(600, 1)),
  test: imageFactory(colourImages(300, 2)),
  classNames: ['red', 'green', 'blue'],
};
const sequenceData: TrainingData = {
  train: sequenceFactory(tokenSequences(600, 3)),
  test: sequenceFactory(tokenSequences(200, 4)),
  classNames: ['negative', 'positive'],
};

const imageTask: ModelTask = { dataset: 'cifar10', inputShape: [8, 8, 3], numClasses: 3, output: 'softmax' };
const sequenceTask: ModelTask = { dataset: 'imdb', inputShape: [SEQ], numClasses: 2, vocabSize: 20, seqLen: SEQ };

function plan(
  model: tfl.LayersModel,
  o: {
    loss: LossName;
    labels: ValidatedPlan['labels'];
    epochs?: number;
    batchSize?: number;
    validationSplit?: number;
    optimizer?: NormalisedOptimizer;
    outputUnits: number;
  },
): ValidatedPlan {
  const topology = model.toJSON(null, false) as unknown as JsonObject;
  const p: ValidatedPlan = {
    topology,
    params: { total: model.countParams(), layers: [] },
    compile: { optimizer: o.optimizer ?? { name: 'adam', learningRate: 0.02 }, loss: o.loss, metrics: ['accuracy'] },
    fit: { epochs: o.epochs ?? 3, batchSize: o.batchSize ?? 32, validationSplit: o.validationSplit ?? 0.1 },
    labels: o.labels,
    outputUnits: o.outputUnits,
    wallClockSeconds: 600,
  };
  model.dispose();
  return p;
}

function imagePlan(extra: Partial<Parameters<typeof plan>[1]> = {}): ValidatedPlan {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dropout({ rate: 0.1 }));
  m.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
  return plan(m, { loss: 'categoricalCrossentropy', labels: 'one-hot', outputUnits: 3, ...extra });
}

function sequencePlan(output: 'sigmoid' | 'softmax', loss: LossName, labels: ValidatedPlan['labels']): ValidatedPlan {
  const m = tfl.sequential();
  m.add(tfl.layers.embedding({ inputDim: 20, outputDim: 8, inputLength: SEQ }));
  m.add(tfl.layers.globalAveragePooling1d());
  m.add(tfl.layers.dense({ units: output === 'sigmoid' ? 1 : 2, activation: output }));
  return plan(m, { loss, labels, outputUnits: output === 'sigmoid' ? 1 : 2, epochs: 4 });
}

const budget = { maxEpochs: 5, wallClockSeconds: 600 };

function request(p: ValidatedPlan, extra: Partial<TrainPlanRequest> = {}): TrainPlanRequest {
  return { plan: p, dataset: 'cifar10', task: imageTask, budget, seed: 7, ...extra };
}

beforeAll(async () => {
  configureTrainingEngine({ prefer: 'wasm', logger: () => undefined });
  // Build the engine once so the first test's tensor count is not disturbed by start-up.
  await trainPlanOn(request(imagePlan({ epochs: 1 })), imageData);
});

describe('trainPlanOn', () => {
  it('trains a plan, evaluates it on the test split with a Wilson interval, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const r = await trainPlanOn(request(imagePlan(), { onEpoch: (e) => void epochs.push(e.epoch) }), imageData);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.engine).toMatch(/^(wasm|native)/);
    expect(r.stopReason).toBe('completed');
    expect(r.history).toHaveLength(3);
    expect(epochs).toEqual([0, 1, 2]);
    expect(r.history[2].valAccuracy).toBeDefined();
    expect(r.trainExamples).toBe(540); // 600 minus the 10 % validation split
    const ev = r.evaluation;
    expect(ev.count).toBe(300);
    expect(r.testExamples).toBe(300);
    expect(ev.accuracy).toBeGreaterThan(0.9);
    expect(ev.correct).toBe(Math.round(ev.accuracy * 300));
    expect(ev.interval.low).toBeLessThan(ev.accuracy);
    expect(ev.interval.high).toBeGreaterThanOrEqual(ev.accuracy);
    expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(ev.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([100, 100, 100]);
    expect(ev.perClassAccuracy).toHaveLength(3);
    expect(ev.classNames).toEqual(['red', 'green', 'blue']);
    expect(Number.isFinite(ev.loss)).toBe(true);
  });

  it('measures the final train accuracy on training examples, like the test accuracy, when the budget asks', async () => {
    // Test labels shifted by one class: a model that learnt the training rule gets the test
    // split wrong, so a high train figure can only come from the training examples.
    const shifted = colourImages(300, 2);
    const labels = shifted.labels.map((c) => (c + 1) % 3);
    const data: TrainingData = { ...imageData, test: imageFactory({ images: shifted.images, labels }) };
    const before = tf.memory().numTensors;
    const plain = await trainPlanOn(request(imagePlan()), data);
    const r = await trainPlanOn(request(imagePlan(), { budget: { ...budget, measureTrainAccuracy: true } }), data);
    expect(tf.memory().numTensors).toBe(before);
    expect(plain.evaluation.train).toBeUndefined();
    const train = r.evaluation.train!;
    expect(train.count).toBe(300); // as many as the test split, from the 540 training examples
    expect(train.accuracy).toBeGreaterThan(0.9);
    expect(train.correct).toBe(Math.round(train.accuracy * 300));
    expect(train.interval.low).toBeLessThan(train.accuracy);
    expect(r.evaluation.accuracy).toBeLessThan(0.1);
    // Measuring it changes nothing else.
    expect(r.evaluation.accuracy).toBe(plain.evaluation.accuracy);
    expect(r.history[2].loss).toBe(plain.history[2].loss);
  });

  it('gives the same result for the same seed and a different one for another seed', async () => {
    const a = await trainPlanOn(request(imagePlan({ epochs: 1 }), { seed: 11 }), imageData);
    const b = await trainPlanOn(request(imagePlan({ epochs: 1 }), { seed: 11 }), imageData);
    const c = await trainPlanOn(request(imagePlan({ epochs: 1 }), { seed: 12 }), imageData);
    expect(b.history[0].loss).toBe(a.history[0].loss);
    expect(b.evaluation.loss).toBe(a.evaluation.loss);
    expect(c.history[0].loss).not.toBe(a.history[0].loss);
  });

  it("passes the plan's augmentation to training (seeded) and still evaluates the same test examples", async () => {
    const withAug = (seed: number) => {
      const p = imagePlan({ epochs: 1 });
      p.fit.augment = { horizontalFlip: true, cropPadding: 1 };
      return trainPlanOn(request(p, { seed }), imageData);
    };
    const plain = await trainPlanOn(request(imagePlan({ epochs: 1 }), { seed: 11 }), imageData);
    const a = await withAug(11);
    const b = await withAug(11);
    expect(b.history[0].loss).toBe(a.history[0].loss);
    expect(b.evaluation.loss).toBe(a.evaluation.loss);
    // Same seed, same initial weights and order: only the augmented batches differ.
    expect(a.history[0].loss).not.toBe(plain.history[0].loss);
    expect(a.testExamples).toBe(plain.testExamples);
    expect(a.trainExamples).toBe(plain.trainExamples);
  });

  it('trains no more epochs than the budget allows', async () => {
    const r = await trainPlanOn(
      request(imagePlan({ epochs: 4 }), { budget: { maxEpochs: 2, wallClockSeconds: 600 } }),
      imageData,
    );
    expect(r.history).toHaveLength(2);
    expect(r.stopReason).toBe('completed');
  });

  it('stops at the wall-clock budget and still evaluates what it has', async () => {
    const before = tf.memory().numTensors;
    const r = await trainPlanOn(
      request(imagePlan({ epochs: 5, batchSize: 8 }), { budget: { maxEpochs: 5, wallClockSeconds: 0.001 } }),
      imageData,
    );
    expect(r.stopReason).toBe('budget');
    expect(r.stopMessage).toMatch(/budget/);
    expect(r.history.length).toBeLessThanOrEqual(1);
    expect(r.evaluation.count).toBe(300);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when aborted, resolves with stopReason aborted, skips the evaluation and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const r = await trainPlanOn(
      request(imagePlan({ epochs: 5 }), { signal: ac.signal, onEpoch: () => ac.abort() }),
      imageData,
    );
    expect(r.stopReason).toBe('aborted');
    expect(r.history).toHaveLength(1);
    expect(r.evaluation.count).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns at once for a signal that is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await trainPlanOn(request(imagePlan(), { signal: ac.signal }), imageData);
    expect(r.stopReason).toBe('aborted');
    expect(r.history).toEqual([]);
  });

  it('trains and evaluates on class-balanced subsets of the train and test splits', async () => {
    const r = await trainPlanOn(
      request(imagePlan({ epochs: 1, validationSplit: 0 }), { budget: { ...budget, trainSubset: 90, testSubset: 60 } }),
      imageData,
    );
    expect(r.trainExamples).toBe(90);
    expect(r.history[0].batches).toBe(3);
    expect(r.evaluation.count).toBe(60);
    expect(r.evaluation.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([20, 20, 20]);
  });

  it('reports progress for training and evaluation at most twice a second', async () => {
    // A clock that moves 60 ms at each reading, so the throttle is tested in the clock's time,
    // whatever the speed of the machine (real training for long enough took 4-12 s here).
    let clock = 0;
    const now = jest.spyOn(performance, 'now').mockImplementation(() => (clock += 60));
    const calls: { stage: string; t: number; batch?: number }[] = [];
    let batches = 0;
    try {
      const r = await trainPlanOn(
        request(imagePlan({ epochs: 1, batchSize: 4 }), {
          onProgress: (p) => void calls.push({ stage: p.stage, t: clock, batch: p.batch }),
        }),
        imageData,
      );
      batches = r.history[0].batches;
    } finally {
      now.mockRestore();
    }
    const train = calls.filter((c) => c.stage === 'train');
    expect(calls.some((c) => c.stage === 'evaluate')).toBe(true);
    // Some batches reported, many dropped.
    expect(train.length).toBeGreaterThan(1);
    expect(train.length).toBeLessThan(batches / 2);
    // The first call of a stage at once, then never two within 500 ms of the clock.
    for (let i = 1; i < train.length; i++) expect(train[i].t - train[i - 1].t).toBeGreaterThanOrEqual(500);
  });

  it('trains a sigmoid output with binary labels on sequences', async () => {
    const before = tf.memory().numTensors;
    const r = await trainPlanOn(
      request(sequencePlan('sigmoid', 'binaryCrossentropy', 'binary'), { dataset: 'imdb', task: sequenceTask }),
      sequenceData,
    );
    expect(r.evaluation.count).toBe(200);
    expect(r.evaluation.accuracy).toBeGreaterThan(0.85);
    expect(r.evaluation.confusion).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains a softmax output with sparse (integer-label) cross-entropy', async () => {
    const r = await trainPlanOn(
      request(sequencePlan('softmax', 'sparseCategoricalCrossentropy', 'sparse'), {
        dataset: 'imdb',
        task: sequenceTask,
      }),
      sequenceData,
    );
    expect(r.evaluation.accuracy).toBeGreaterThan(0.85);
    expect(r.history[r.history.length - 1].loss).toBeLessThan(r.history[0].loss);
  });

  it('uses the optimizer of the plan (plain SGD at a tiny rate barely moves)', async () => {
    const slow = await trainPlanOn(
      request(imagePlan({ epochs: 1, optimizer: { name: 'sgd', learningRate: 1e-6 } })),
      imageData,
    );
    const fast = await trainPlanOn(
      request(imagePlan({ epochs: 1, optimizer: { name: 'adam', learningRate: 0.02 } })),
      imageData,
    );
    expect(fast.evaluation.accuracy).toBeGreaterThan(slow.evaluation.accuracy);
  });
});
