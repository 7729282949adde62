import { describe, it, expect, beforeAll } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from './engine.js';
import { fit } from './fit.js';
import { kernelCalls, loadNativeAddon, resetKernelCalls } from './native-kernels/index.js';
import { sequenceSource } from './sources.js';
import { mulberry32, withSeededRandom } from './seed.js';

/**
 * tfjs-layers' LSTM and GRU through the native whole-sequence sweep (native-kernels/recurrent.ts)
 * against the same layers on the cpu backend (tfjs-layers' own step-by-step call): outputs and
 * the gradients of the input and of every weight agree within |native − cpu| ≤ 1e-4·max(1, |cpu|)
 * over sequence lengths, batch sizes, units, input widths, activations, returnSequences,
 * goBackwards and useBias; the sweep ran (counted); what it does not cover (a mask, dropout
 * while training) goes to tfjs-layers' call; tensor counts stay level; and training a model
 * with it repeats exactly for the same seed.
 */
const maybe = loadNativeAddon().loaded ? describe : describe.skip;

type Kind = 'lstm' | 'gru';
interface Case {
  kind: Kind;
  batch: number;
  steps: number;
  inputs: number;
  units: number;
  returnSequences: boolean;
  activation?: string;
  recurrentActivation?: string;
  goBackwards?: boolean;
  useBias?: boolean;
}

function layerOf(c: Case): tfl.layers.Layer {
  const args = {
    units: c.units,
    returnSequences: c.returnSequences,
    goBackwards: c.goBackwards ?? false,
    useBias: c.useBias ?? true,
    ...(c.activation ? { activation: c.activation } : {}),
    ...(c.recurrentActivation ? { recurrentActivation: c.recurrentActivation } : {}),
  } as Parameters<typeof tfl.layers.lstm>[0];
  return c.kind === 'lstm' ? tfl.layers.lstm(args) : tfl.layers.gru(args);
}

/**
 * Output and gradients (input first, then the layer's weights) of sum(layer(x) ⊙ r). With one
 * time step only the output: tfjs' own gradient of unstack fails for a single step (its dy is
 * then not a list), so the cpu reference has no gradient to compare with.
 */
function run(c: Case) {
  const rng = mulberry32(c.batch * 1000 + c.steps * 10 + c.units);
  const rand = (n: number, scale: number) => Float32Array.from({ length: n }, () => (rng() * 2 - 1) * scale);
  return tf.tidy(() => {
    const layer = layerOf(c);
    layer.build([c.batch, c.steps, c.inputs]);
    layer.built = true; // as apply() would mark it (RNN.build leaves that to apply)
    layer.setWeights(layer.getWeights().map((w) => tf.tensor(rand(w.size, 0.6), w.shape)));
    const x = tf.variable(tf.tensor(rand(c.batch * c.steps * c.inputs, 1), [c.batch, c.steps, c.inputs]));
    const outShape = c.returnSequences ? [c.batch, c.steps, c.units] : [c.batch, c.units];
    const r = tf.tensor(rand(tf.util.sizeFromShape(outShape), 1), outShape);
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    let out: tf.Tensor | null = null;
    const loss = () => {
      out = tf.keep(layer.apply(x, { training: true }) as tf.Tensor);
      return tf.sum(tf.mul(out, r)) as tf.Scalar;
    };
    const grads = c.steps > 1 ? tf.variableGrads(loss, [x, ...weights]).grads : (loss(), {});
    const values = [out!, ...(c.steps > 1 ? [x, ...weights].map((t) => grads[t.name]) : [])];
    const result = values.map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
    out!.dispose(); // kept out of variableGrads' scope above
    for (const w of layer.weights) w.dispose(); // layer.dispose() refuses a layer never applied symbolically
    x.dispose();
    return result;
  });
}

function worstError(ref: ReturnType<typeof run>, got: ReturnType<typeof run>): number {
  let worst = 0;
  ref.forEach((t, i) => {
    expect(got[i].shape).toEqual(t.shape);
    t.data.forEach((v, j) => (worst = Math.max(worst, Math.abs(got[i].data[j] - v) / Math.max(1, Math.abs(v)))));
  });
  return worst;
}

const cases: Case[] = [];
for (const kind of ['lstm', 'gru'] as const) {
  for (const returnSequences of [false, true]) {
    cases.push({ kind, batch: 1, steps: 2, inputs: 1, units: 1, returnSequences });
    cases.push({ kind, batch: 3, steps: 1, inputs: 2, units: 2, returnSequences });
    cases.push({ kind, batch: 3, steps: 2, inputs: 4, units: 5, returnSequences });
    cases.push({ kind, batch: 8, steps: 30, inputs: 9, units: 16, returnSequences, recurrentActivation: 'sigmoid' });
    cases.push({ kind, batch: 2, steps: 7, inputs: 3, units: 4, returnSequences, goBackwards: true });
  }
  cases.push({ kind, batch: 5, steps: 12, inputs: 6, units: 8, returnSequences: true, useBias: false });
  cases.push({ kind, batch: 4, steps: 9, inputs: 5, units: 6, returnSequences: false, activation: 'relu' });
  cases.push({
    kind,
    batch: 3,
    steps: 6,
    inputs: 2,
    units: 3,
    returnSequences: true,
    activation: 'sigmoid',
    recurrentActivation: 'tanh',
  });
  cases.push({ kind, batch: 64, steps: 40, inputs: 32, units: 64, returnSequences: false });
}

maybe('LSTM and GRU layers on the native sweep', () => {
  beforeAll(async () => {
    await initEngine({ prefer: 'wasm', threads: 2, logger: () => undefined });
  });

  it.each(cases)('match tfjs-layers on cpu: %j', async (c) => {
    await tf.setBackend('cpu');
    const ref = run(c);
    await tf.setBackend('wasm');
    resetKernelCalls();
    const got = run(c);
    expect(kernelCalls()[c.kind.toUpperCase()]).toEqual({ native: 1, fallback: 0 });
    expect(worstError(ref, got)).toBeLessThanOrEqual(1e-4);
  });

  it("leaves a masked sequence and dropout while training to tfjs-layers' own call", async () => {
    await tf.setBackend('wasm');
    resetKernelCalls();
    tf.tidy(() => {
      const x = tf.tensor2d([
        [3, 1, 0, 0],
        [2, 2, 4, 0],
      ]);
      // Masks travel between the layers of a model (not through a lone layer's apply).
      const masked = tfl.sequential({
        layers: [
          tfl.layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 4, maskZero: true }),
          tfl.layers.lstm({ units: 2 }),
        ],
      });
      masked.predict(x);
      const drop = tfl.layers.gru({ units: 2, dropout: 0.5 });
      drop.apply(tf.ones([2, 3, 3]), { training: true });
      drop.apply(tf.ones([2, 3, 3]), { training: false });
    });
    expect(kernelCalls().LSTM).toEqual({ native: 0, fallback: 1 });
    expect(kernelCalls().GRU).toEqual({ native: 1, fallback: 1 });
  });

  it('keeps the tensor count level over forward and backward passes', async () => {
    await tf.setBackend('wasm');
    const c: Case = { kind: 'lstm', batch: 4, steps: 10, inputs: 3, units: 5, returnSequences: false };
    run(c);
    run({ ...c, kind: 'gru' });
    const before = tf.memory();
    run(c);
    run({ ...c, kind: 'gru' });
    const after = tf.memory();
    expect([after.numTensors, after.numDataBuffers]).toEqual([before.numTensors, before.numDataBuffers]);
  });

  it('trains an embedding + LSTM model the same twice for the same seed, all steps on the sweep', async () => {
    await tf.setBackend('wasm');
    const train = async () => {
      const model = withSeededRandom(mulberry32(4), () => {
        const m = tfl.sequential();
        m.add(tfl.layers.embedding({ inputDim: 50, outputDim: 8, inputLength: 20 }));
        m.add(tfl.layers.lstm({ units: 6 }));
        m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
        return m;
      });
      model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
      const rng = mulberry32(8);
      const n = 96;
      const tokens = Int32Array.from({ length: n * 20 }, () => Math.floor(rng() * 50));
      const labels = Uint8Array.from({ length: n }, () => (rng() < 0.5 ? 0 : 1));
      const r = await fit(model, sequenceSource({ ids: tokens, labels, count: n, seqLen: 20 }), {
        epochs: 2,
        batchSize: 32,
        seed: 3,
      });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return { losses: r.history.map((h) => h.loss), weights };
    };
    resetKernelCalls();
    const a = await train();
    expect(kernelCalls().LSTM).toEqual({ native: 6, fallback: 0 });
    const b = await train();
    expect(a.losses.every(Number.isFinite)).toBe(true);
    expect(b).toEqual(a);
  });
});
