import { describe, it, expect, beforeAll } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from './engine.js';
import { kernelCalls, loadNativeAddon, resetKernelCalls } from './native-kernels/index.js';
import { mulberry32 } from './seed.js';

/**
 * The fused Adam step (native-kernels/adam.ts) against tfjs' own AdamOptimizer on the cpu
 * backend: after several steps every weight and both moments agree within
 * |native − cpu| ≤ 1e-4 · max(1, |cpu|); the fused path ran (counted); the backend's tensor
 * and buffer counts stay level from the second step on; the same seed gives the same weights.
 */
const maybe = loadNativeAddon().loaded ? describe : describe.skip;

const SHAPES = [[7], [3, 5], [2, 3, 4, 5], [1], [300, 257]];

interface Run {
  weights: Float32Array[];
  moments: Float32Array[];
  counts: Array<{ tensors: number; buffers: number }>;
}

/** Trains fresh variables for `steps` steps on seeded gradients with Adam(lr, ...). */
function train(seed: number, steps: number, opts: { lr: number; beta1?: number; beta2?: number; eps?: number }): Run {
  const rng = mulberry32(seed);
  const rand = (n: number) => Float32Array.from({ length: n }, () => rng() * 4 - 2);
  const vars = SHAPES.map((s) => tf.variable(tf.tensor(rand(tf.util.sizeFromShape(s)), s), true));
  const opt = tf.train.adam(opts.lr, opts.beta1, opts.beta2, opts.eps);
  const counts: Run['counts'] = [];
  for (let step = 0; step < steps; step++) {
    const grads = vars.map((v, i) => ({
      name: v.name,
      // One variable gets no gradient in one step (a null tensor), as tfjs allows.
      tensor:
        step === 1 && i === 0
          ? null
          : tf.tensor(
              rand(v.size).map((g) => g * (step + 1)),
              v.shape,
            ),
    }));
    opt.applyGradients(grads as Array<{ name: string; tensor: tf.Tensor }>);
    tf.dispose(grads.flatMap((g) => (g.tensor ? [g.tensor] : [])));
    const m = tf.memory();
    counts.push({ tensors: m.numTensors, buffers: m.numDataBuffers });
  }
  const weights = vars.map((v) => v.dataSync() as Float32Array);
  const moments = (
    opt as unknown as { accumulatedFirstMoment: Array<{ variable: tf.Variable }> }
  ).accumulatedFirstMoment
    .concat((opt as unknown as { accumulatedSecondMoment: Array<{ variable: tf.Variable }> }).accumulatedSecondMoment)
    .map((m) => m.variable.dataSync() as Float32Array);
  opt.dispose();
  tf.dispose(vars);
  return { weights, moments, counts };
}

function worst(a: Float32Array[], b: Float32Array[]): number {
  let w = 0;
  a.forEach((x, i) => x.forEach((v, j) => (w = Math.max(w, Math.abs(b[i][j] - v) / Math.max(1, Math.abs(v))))));
  return w;
}

maybe('fused Adam on the native engine', () => {
  beforeAll(async () => {
    await initEngine({ prefer: 'wasm', threads: 2, logger: () => undefined });
  });

  it.each([{ lr: 1e-3 }, { lr: 0.05, beta1: 0.5, beta2: 0.9, eps: 1e-4 }])(
    'equals tfjs Adam on the cpu backend within 1e-4 (%o)',
    async (opts) => {
      await tf.setBackend('cpu');
      const ref = train(11, 5, opts);
      await tf.setBackend('wasm');
      resetKernelCalls();
      const got = train(11, 5, opts);
      expect(kernelCalls().Adam).toEqual({ native: 5, fallback: 0 });
      expect(worst(ref.weights, got.weights)).toBeLessThanOrEqual(1e-4);
      expect(worst(ref.moments, got.moments)).toBeLessThanOrEqual(1e-4);
      // The weights moved: a step that did nothing would also "match" a tiny learning rate.
      expect(worst(ref.weights, train(11, 0, opts).weights)).toBeGreaterThan(1e-4);
    },
  );

  it('keeps the tensor and buffer counts level after the first step (moments created)', async () => {
    await tf.setBackend('wasm');
    const { counts } = train(3, 6, { lr: 1e-3 });
    for (const c of counts.slice(2)) expect(c).toEqual(counts[1]);
  });

  it('gives the same weights for the same seed twice in a row', async () => {
    await tf.setBackend('wasm');
    const a = train(5, 4, { lr: 1e-2 });
    const b = train(5, 4, { lr: 1e-2 });
    expect(b.weights).toEqual(a.weights);
  });

  it('does not write through into a tensor that shares the variable’s buffer', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const alias = tf.clone(v); // shares v's buffer on wasm
    const opt = tf.train.adam(0.1);
    const g = tf.tensor1d([1, 1, 1]);
    opt.applyGradients([{ name: v.name, tensor: g }]);
    expect(Array.from(alias.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync()).every((x, i) => x < [1, 2, 3][i])).toBe(true);
    tf.dispose([v, alias, g]);
    opt.dispose();
  });
});
