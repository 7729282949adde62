import { describe, it, expect, beforeAll } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from './engine.js';
import { classesOf, evaluate, evaluateReconstruction, meanInterval, wilsonInterval } from './evaluate.js';
import { imageSource, reconstructionSource, sequenceSource, subsetSource } from './sources.js';

describe('sources', () => {
  it('normalises uint8 pixels per batch and one-hot encodes labels', () => {
    const images = new Uint8Array([0, 255, 51, 102, 0, 0, 0, 0]); // two 2×2×... 1-channel images of 4 pixels
    const src = imageSource({ images, labels: [1, 0], height: 2, width: 2, channels: 1, numClasses: 3 });
    const { x, y } = src.batch(Int32Array.from([1, 0]));
    expect(x.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(x.dataSync())).toEqual([0, 0, 0, 0, 0, 1, 0.2, 0.4].map((v) => Math.fround(v)));
    expect(Array.from(y.dataSync())).toEqual([1, 0, 0, 0, 1, 0]);
    tf.dispose([x, y]);
  });

  it('serves padded token ids with [n,1] binary labels', () => {
    const ids = Int32Array.from([1, 5, 6, 0, 0, 7]);
    const src = sequenceSource({ ids, seqLen: 3, labels: [1, 0] });
    const { x, y } = src.batch(Int32Array.from([1]));
    expect(x.dtype).toBe('int32');
    expect(Array.from(x.dataSync())).toEqual([0, 0, 7]);
    expect(y.shape).toEqual([1, 1]);
    expect(Array.from(y.dataSync())).toEqual([0]);
    tf.dispose([x, y]);
  });

  it('restricts a source to a subset of its examples, in the order given', () => {
    const ids = Int32Array.from([1, 1, 2, 2, 3, 3]);
    const subset = subsetSource(sequenceSource({ ids, seqLen: 2, labels: [0, 1, 0] }), Int32Array.from([2, 0]));
    expect(subset.size).toBe(2);
    expect(subset.labels).toEqual([0, 0]);
    const { x, y } = subset.batch(Int32Array.from([0, 1]));
    expect(Array.from(x.dataSync())).toEqual([3, 3, 1, 1]);
    expect(Array.from(y.dataSync())).toEqual([0, 0]);
    tf.dispose([x, y]);
  });

  it('feeds a reconstruction its inputs as targets', () => {
    const images = new Uint8Array([0, 255, 51, 102]);
    const src = reconstructionSource(
      imageSource({ images, labels: [1], height: 2, width: 2, channels: 1, numClasses: 2 }),
    );
    const { x, y } = src.batch(Int32Array.from([0]));
    expect(y.shape).toEqual(x.shape);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(y).not.toBe(x);
    tf.dispose([x, y]);
  });
});

describe('evaluate', () => {
  beforeAll(async () => {
    await initEngine({ prefer: 'wasm', logger: () => undefined });
  });

  it('computes accuracy, per-class accuracy, the confusion matrix and the loss in batches', async () => {
    // A fixed linear model on one-hot inputs: input class k is predicted as perm[k].
    const perm = [0, 2, 2];
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [3], units: 3, activation: 'softmax', useBias: false }));
    const w = new Float32Array(9);
    for (let k = 0; k < 3; k++) w[k * 3 + perm[k]] = 10;
    m.setWeights([tf.tensor2d(w, [3, 3])]);
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const labels = [0, 1, 2, 0, 1, 2, 2];
    const src = {
      size: labels.length,
      numClasses: 3,
      labels,
      batch(idx: Int32Array) {
        const oneHot = () =>
          tf.tidy(() =>
            tf.cast(
              tf.oneHot(
                tf.tensor1d(
                  Array.from(idx, (i) => labels[i]),
                  'int32',
                ),
                3,
              ),
              'float32',
            ),
          );
        return { x: oneHot(), y: oneHot() };
      },
    };
    const r = await evaluate(m, src, { batchSize: 3 });
    expect(r.count).toBe(7);
    expect(r.correct).toBe(5); // class 1 (2 examples) is always predicted as 2
    expect(r.accuracy).toBeCloseTo(5 / 7, 6);
    expect(r.perClassAccuracy).toEqual([1, 0, 1]);
    expect(r.confusion).toEqual([
      [2, 0, 0],
      [0, 0, 2],
      [0, 0, 3],
    ]);
    // Loss: -log softmax; wrong predictions cost about 10 each.
    const right = Math.log(1 + 2 * Math.exp(-10));
    const wrong = -Math.log(Math.exp(0) / (Math.exp(10) + 2 * Math.exp(0)));
    expect(r.loss).toBeCloseTo((5 * right + 2 * wrong) / 7, 3);
    m.dispose();
  });

  it('reads class indices given as [n, 1] against a softmax output', async () => {
    const { predicted, truth } = classesOf(
      tf.tensor2d([
        [0.1, 0.2, 0.7],
        [0.8, 0.1, 0.1],
      ]),
      tf.tensor2d([[2], [1]]),
    );
    expect(Array.from(await predicted.data())).toEqual([2, 0]);
    expect(Array.from(await truth.data())).toEqual([2, 1]);
    tf.dispose([predicted, truth]);
  });

  it('sums each example’s mean squared reconstruction error in batches, and stops when aborted', async () => {
    // A model that outputs zeros: each example's error is the mean of its squared inputs.
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [2], units: 2, kernelInitializer: 'zeros' }));
    const rows = [
      [0.5, 0.5],
      [1, 0],
      [0, 0],
    ];
    const src = {
      size: rows.length,
      numClasses: 0,
      labels: [],
      batch(idx: Int32Array) {
        const x = () => tf.tensor2d(Array.from(idx, (i) => rows[i]));
        return { x: x(), y: x() };
      },
    };
    const r = await evaluateReconstruction(m, src, { batchSize: 2 });
    expect(r.count).toBe(3);
    expect(r.sum).toBeCloseTo(0.25 + 0.5 + 0, 6);
    expect(r.sumOfSquares).toBeCloseTo(0.0625 + 0.25, 6);
    const aborted = new AbortController();
    aborted.abort(new Error('cancelled'));
    await expect(evaluateReconstruction(m, src, { signal: aborted.signal })).rejects.toThrow('cancelled');
    m.dispose();
  });

  it('gives the mean error with a normal 95 % interval clipped at 0', () => {
    const r = meanInterval({ count: 3, sum: 0.75, sumOfSquares: 0.3125 });
    // s = 0.25, half-width 1.96 · 0.25 / √3
    expect(r.mean).toBeCloseTo(0.25, 9);
    expect(r.low).toBe(0);
    expect(r.high).toBeCloseTo(0.25 + (1.96 * 0.25) / Math.sqrt(3), 9);
    expect(meanInterval({ count: 1, sum: 0.2, sumOfSquares: 0.04 })).toEqual({ mean: 0.2, low: 0.2, high: 0.2 });
    expect(meanInterval({ count: 0, sum: 0, sumOfSquares: 0 }).mean).toBeNaN();
  });

  it('gives the Wilson 95 % interval', () => {
    const a = wilsonInterval(50, 100);
    expect(a.low).toBeCloseTo(0.4038, 4);
    expect(a.high).toBeCloseTo(0.5962, 4);
    const b = wilsonInterval(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
    const c = wilsonInterval(4000, 10000);
    expect(c.high - c.low).toBeLessThan(0.02);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
  });
});
