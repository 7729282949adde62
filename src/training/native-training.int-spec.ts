import { describe, it, expect, beforeAll } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine, type EngineInfo } from './engine.js';
import { fit } from './fit.js';
import { kernelCalls, loadNativeAddon, resetKernelCalls, setNativeThreads } from './native-kernels/index.js';
import { guideCnn } from './reference-models.js';
import { imageSource } from './sources.js';
import { mulberry32, withSeededRandom } from './seed.js';

/**
 * Whole training steps of the guide's CNN (model (a) of the benchmark) on the native engine:
 * convolutions and products never fall back to the wasm kernels, and the same seed gives the
 * same losses and weights twice.
 */
const maybe = loadNativeAddon().loaded ? describe : describe.skip;

function images(count: number, seed: number) {
  const rng = mulberry32(seed);
  const px = Uint8Array.from({ length: count * 32 * 32 * 3 }, () => Math.floor(rng() * 256));
  const labels = Uint8Array.from({ length: count }, () => Math.floor(rng() * 10));
  return imageSource({ images: px, labels, count });
}

async function train(batches: number) {
  const model = withSeededRandom(mulberry32(7), () => guideCnn());
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const r = await fit(model, images(64 * batches, 3), { epochs: 1, batchSize: 64, seed: 5 });
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return { loss: r.history[0].loss, weights };
}

maybe('training the guide CNN on the native engine', () => {
  let engine: EngineInfo;
  beforeAll(async () => {
    engine = await initEngine({ prefer: 'wasm', threads: 2, logger: () => undefined });
  });

  it('runs every convolution and matrix product natively in a training step', async () => {
    expect(engine.name).toBe('native');
    resetKernelCalls();
    await train(1);
    const calls = kernelCalls();
    // tfjs runs a fused convolution or product as separate ops while it records gradients, so
    // a training step uses Conv2D, BatchMatMul and the two convolution gradients.
    const heavy = [
      'Conv2D',
      'FusedConv2D',
      'Conv2DBackpropInput',
      'Conv2DBackpropFilter',
      'BatchMatMul',
      '_FusedMatMul',
    ];
    for (const name of heavy) expect({ name, fallback: calls[name]?.fallback ?? 0 }).toEqual({ name, fallback: 0 });
    for (const name of [
      'Conv2D',
      'Conv2DBackpropInput',
      'Conv2DBackpropFilter',
      'BatchMatMul',
      'MaxPool',
      'MaxPoolGrad',
      'Sum',
    ])
      expect({ name, native: (calls[name]?.native ?? 0) > 0 }).toEqual({ name, native: true });
  });

  it('gives the same losses and weights for the same seed twice in a row', async () => {
    const a = await train(2);
    const b = await train(2);
    expect(Number.isFinite(a.loss)).toBe(true);
    expect(b.loss).toBe(a.loss);
    expect(b.weights).toEqual(a.weights);
  });

  it('differs across thread counts only by float rounding', async () => {
    setNativeThreads(1);
    const one = await train(2);
    setNativeThreads(3);
    const three = await train(2);
    setNativeThreads(2);
    expect(Math.abs(three.loss - one.loss)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(one.loss)));
    let worst = 0;
    one.weights.forEach((w, i) =>
      w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - three.weights[i][j]) / Math.max(1, Math.abs(v))))),
    );
    expect(worst).toBeLessThanOrEqual(1e-4);
  });
});
