/**
 * The fixtures' networks written with tfjs-layers in TypeScript, as a candidate would: what
 * each converted Keras fixture must equal (keras.spec.ts). Test support only.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { convertKerasModel } from './model.js';
import type { Json } from './refusals.js';

/** Keras' default initializers where tfjs's differ (tfjs: glorotNormal), so the networks are the same. */
const K = { kernelInitializer: 'glorotUniform' } as const;

export const TS_BUILDS: Record<string, () => tfl.LayersModel> = {
  'guide-cnn': () =>
    tfl.sequential({
      layers: [
        tfl.layers.conv2d({ ...K, inputShape: [32, 32, 3], filters: 32, kernelSize: 3, activation: 'relu' }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2d({ ...K, filters: 64, kernelSize: 3, activation: 'relu' }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2d({ ...K, filters: 64, kernelSize: 3, activation: 'relu' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ ...K, units: 64, activation: 'relu' }),
        tfl.layers.dropout({ rate: 0.5 }),
        tfl.layers.dense({ ...K, units: 10, activation: 'softmax' }),
      ],
    }),
  'guide-lstm': () =>
    tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: 10000, outputDim: 128, inputLength: 500 }),
        tfl.layers.lstm({ ...K, units: 64, recurrentActivation: 'sigmoid', unitForgetBias: true }),
        tfl.layers.dense({ ...K, units: 1, activation: 'sigmoid' }),
      ],
    }),
  'core-layers': () =>
    tfl.sequential({
      layers: [
        tfl.layers.rescaling({ scale: 1 / 255, offset: 0, inputShape: [8, 8, 3] }),
        tfl.layers.flatten(),
        tfl.layers.dense({ ...K, units: 32 }),
        tfl.layers.activation({ activation: 'tanh' }),
        tfl.layers.dense({ ...K, units: 16, activation: 'linear' }),
        tfl.layers.reLU(),
        tfl.layers.dropout({ rate: 0.25 }),
        tfl.layers.dense({ ...K, units: 10, activation: 'softmax' }),
      ],
    }),
  'conv-layers': () =>
    tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          ...K,
          inputShape: [16, 16, 3],
          filters: 8,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        tfl.layers.batchNormalization({ axis: -1 }),
        tfl.layers.separableConv2d({
          depthwiseInitializer: 'glorotUniform',
          pointwiseInitializer: 'glorotUniform',
          filters: 16,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        tfl.layers.averagePooling2d({ poolSize: 2 }),
        tfl.layers.depthwiseConv2d({
          depthwiseInitializer: 'glorotUniform',
          kernelSize: 3,
          depthMultiplier: 2,
          activation: 'relu',
        }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.globalAveragePooling2d({}),
        tfl.layers.dense({ ...K, units: 10, activation: 'softmax' }),
      ],
    }),
  'sequence-layers': () =>
    tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: 100, outputDim: 8, inputLength: 20 }),
        tfl.layers.conv1d({ ...K, filters: 8, kernelSize: 3, activation: 'relu' }),
        tfl.layers.maxPooling1d({ poolSize: 2 }),
        tfl.layers.simpleRNN({ ...K, units: 8, returnSequences: true }),
        tfl.layers.layerNormalization({ axis: -1 }),
        tfl.layers.gru({ ...K, units: 8, returnSequences: true, recurrentActivation: 'sigmoid' }),
        tfl.layers.bidirectional({
          layer: tfl.layers.lstm({
            ...K,
            units: 4,
            returnSequences: true,
            recurrentActivation: 'sigmoid',
            unitForgetBias: true,
          }),
          mergeMode: 'concat',
        }),
        tfl.layers.globalMaxPooling1d(),
        tfl.layers.dense({ ...K, units: 2, activation: 'softmax' }),
      ],
    }),
  'merge-layers': () => {
    const input = tfl.input({ shape: [12, 6] });
    const a = tfl.layers.dense({ ...K, units: 8, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.dense({ ...K, units: 8 }).apply(input) as tfl.SymbolicTensor;
    const sum = tfl.layers.add().apply([a, b]) as tfl.SymbolicTensor;
    const avg = tfl.layers.globalAveragePooling1d().apply(sum) as tfl.SymbolicTensor;
    const max = tfl.layers.globalMaxPooling1d().apply(input) as tfl.SymbolicTensor;
    const joined = tfl.layers.concatenate({ axis: -1 }).apply([avg, max]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ ...K, units: 3, activation: 'softmax' }).apply(joined) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: out });
  },
  'global-2d-layers': () => {
    const input = tfl.input({ shape: [8, 8, 2] });
    const c = tfl.layers
      .conv2d({ ...K, filters: 4, kernelSize: 3, activation: 'relu' })
      .apply(input) as tfl.SymbolicTensor;
    const g = tfl.layers.globalMaxPooling2d({}).apply(c) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ ...K, units: 2, activation: 'softmax' }).apply(g) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: out });
  },
};

/** The input of each fixture's model without the batch axis, and whether it holds token ids. */
export const INPUTS: Record<string, { shape: number[]; tokens?: number }> = {
  'guide-cnn': { shape: [32, 32, 3] },
  'guide-lstm': { shape: [500], tokens: 10000 },
  'core-layers': { shape: [8, 8, 3] },
  'conv-layers': { shape: [16, 16, 3] },
  'sequence-layers': { shape: [20], tokens: 100 },
  'merge-layers': { shape: [12, 6] },
  'global-2d-layers': { shape: [8, 8, 2] },
};

/**
 * A topology with names taken out: every layer name becomes its position, so two builds of one
 * network compare equal however their layers were named (`dense` in Keras, `dense_Dense3` in tfjs).
 */
export function normalisedTopology(topology: unknown, inputRank: number): unknown {
  const names = new Map<string, string>();
  const top = topology as { config: { layers: { name?: string; config: { name: string } }[] } };
  top.config.layers.forEach((l, i) => names.set(l.name ?? l.config.name, `#${i}`));
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'string') return names.get(value) ?? value;
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    const isBatchNorm = (value as { class_name?: unknown }).class_name === 'BatchNormalization';
    for (const [key, v] of Object.entries(value)) {
      // Keras 2 writes BatchNormalization's axis counted from the front ([3]); tfjs's default is -1.
      if (isBatchNorm && key === 'config') {
        const config = v as { axis?: number };
        out[key] = walk({
          ...config,
          axis: typeof config.axis === 'number' && config.axis >= 0 ? config.axis - inputRank : config.axis,
        });
        continue;
      }
      if (key === 'name' || key === 'keras_version' || key === 'backend') continue;
      out[key] = walk(v);
    }
    return out;
  };
  return walk(topology);
}

/**
 * tfjs's Orthogonal initializer runs a QR decomposition in plain JavaScript: ~30 s for the guide
 * LSTM's [64, 256] recurrent kernel. Initial values are not under test here (equal weights are set
 * before outputs are compared), so both builds get a cheap stand-in registered under its name.
 */
class QuickOrthogonal extends tf.serialization.Serializable {
  static className = 'Orthogonal';
  constructor(private readonly args: { gain?: number; seed?: number } = {}) {
    super();
  }
  apply(shape: number[]): tf.Tensor {
    return tf.randomNormal(shape, 0, 0.1);
  }
  getConfig(): tf.serialization.ConfigDict {
    return { gain: this.args.gain ?? 1, seed: this.args.seed ?? null };
  }
}

/** Registers QuickOrthogonal under tfjs's name, for both the converted and the TypeScript builds. */
export function registerQuickOrthogonal(): void {
  tf.serialization.registerClass(QuickOrthogonal);
}

/** What the sandbox's analysis isolate does with a converted topology. */
export const rebuild = (raw: Json) => tfl.models.modelFromJSON(convertKerasModel(raw) as tf.serialization.ConfigDict);
