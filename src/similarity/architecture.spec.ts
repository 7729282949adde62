import { describe, it, expect, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { architectureSignature, sameArchitecture, TopologyError } from './architecture.js';
import { topologyOf } from './testing/topology.js';
import {
  CAROL_FUNCTIONAL_TS,
  DAN_MLP_JS,
  REFERENCE_CNN_FUNCTIONAL_JS as FUNCTIONAL_LOOP_JS,
} from './testing/cifar-solutions.js';
import { GUIDE_CNN_KERAS_JSON, GUIDE_CNN_KERAS_TOPOLOGY } from '../sandbox/testing/submissions.js';

const REFERENCE = readFileSync('exercises/cifar10-cnn/reference.ts', 'utf8');

/** The reference CNN as a layer list, defaults spelled out, activations as separate layers. */
const LAYER_LIST_TS = `
export default function build(tf: any, task: { inputShape: number[]; numClasses: number }) {
  const conv = (filters: number, first = false) => tf.layers.conv2d({
    filters, kernelSize: 3, strides: 1, padding: 'valid', useBias: true, ...(first ? { inputShape: task.inputShape } : {}),
  });
  return {
    model: tf.sequential({
      layers: [
        conv(32, true), tf.layers.activation({ activation: 'relu' }), tf.layers.maxPool2d({ poolSize: 2, strides: 2 }),
        conv(64), tf.layers.reLU(), tf.layers.maxPooling2d({ poolSize: 2 }),
        conv(64), tf.layers.activation({ activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 64 }), tf.layers.activation({ activation: 'relu' }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: task.numClasses }), tf.layers.activation({ activation: 'softmax' }),
      ],
    }),
  };
}`;

let reference: Record<string, unknown>;
beforeAll(async () => {
  reference = await topologyOf(REFERENCE);
});

describe('architectureSignature / sameArchitecture', () => {
  it('sees the same architecture in the reference CNN written three different ways and in its Keras 2 JSON', async () => {
    const variants = [
      await topologyOf(FUNCTIONAL_LOOP_JS),
      await topologyOf(LAYER_LIST_TS),
      GUIDE_CNN_KERAS_TOPOLOGY,
      GUIDE_CNN_KERAS_JSON,
      JSON.stringify(reference),
    ];
    for (const variant of variants) {
      const comparison = sameArchitecture(reference, variant);
      expect(comparison.diff).toEqual([]);
      expect(comparison.same).toBe(true);
    }
  });

  it('keeps input shape and shape-relevant settings, and drops layer names', () => {
    const signature = architectureSignature(reference);
    expect(signature.inputShapes).toEqual([[32, 32, 3]]);
    expect(signature.layers.map((l) => l.className)).toEqual([
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'Flatten',
      'Dense',
      'Dropout',
      'Dense',
    ]);
    expect(signature.layers[0].config).toMatchObject({
      filters: 32,
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: 'valid',
      activation: 'relu',
    });
    expect(signature.layers[7].config).toEqual({ rate: 0.5 });
    expect(signature.key).not.toMatch(/conv2d_|dense_|sequential/);
  });

  it('explains a changed layer, a removed layer and a different input shape', () => {
    const wider = JSON.parse(JSON.stringify(GUIDE_CNN_KERAS_TOPOLOGY));
    wider.config.layers[3].config.filters = 128; // the second Conv2D
    wider.config.layers.splice(8, 1); // the Dropout
    wider.config.layers[0].config.batch_input_shape = [null, 28, 28, 3];
    const comparison = sameArchitecture(reference, wider);
    expect(comparison.same).toBe(false);
    expect(comparison.diff).toEqual([
      'input shape: [32, 32, 3] in a, [28, 28, 3] in b',
      'layer 3 Conv2D: filters 64 vs 128',
      'only in a: layer 8 Dropout(rate=0.5)',
    ]);
  });

  it('tells a dropout rate or an activation apart', () => {
    const changed = JSON.parse(JSON.stringify(GUIDE_CNN_KERAS_TOPOLOGY));
    changed.config.layers[8].config.rate = 0.25;
    changed.config.layers[9].config.activation = 'sigmoid';
    expect(sameArchitecture(reference, changed).diff).toEqual([
      'layer 8 Dropout: rate 0.5 vs 0.25',
      'layer 9 Dense: activation softmax vs sigmoid',
    ]);
  });

  it('records the connections of a real graph, and matches the same graph built again under other layer names', async () => {
    const first = architectureSignature(await topologyOf(CAROL_FUNCTIONAL_TS));
    const again = await topologyOf(CAROL_FUNCTIONAL_TS);
    expect(JSON.stringify(again)).not.toEqual(JSON.stringify(await topologyOf(CAROL_FUNCTIONAL_TS))); // tfjs numbers layer names per build
    expect(sameArchitecture(first, again).same).toBe(true);
    const add = first.layers.find((l) => l.className === 'Add')!;
    expect(add.inputs).toHaveLength(2);
    expect(sameArchitecture(first, reference).same).toBe(false);
  });

  it('does not confuse an MLP with the CNN', async () => {
    const comparison = sameArchitecture(reference, await topologyOf(DAN_MLP_JS));
    expect(comparison.same).toBe(false);
    expect(comparison.diff.length).toBeGreaterThan(3);
  });

  it('handles recurrent models: gate activations in either spelling, sequence length, a wrapped GRU', () => {
    // Keras-style topologies written out (building an LSTM in-process is slow on the cpu backend).
    const lstm = (recurrentActivation: string, seqLen: number, name: string) => ({
      class_name: 'Sequential',
      config: {
        name,
        layers: [
          {
            class_name: 'Embedding',
            config: {
              name: `${name}_emb`,
              batch_input_shape: [null, seqLen],
              input_dim: 10000,
              output_dim: 128,
              input_length: seqLen,
              mask_zero: false,
            },
          },
          {
            class_name: 'LSTM',
            config: {
              name: `${name}_lstm`,
              units: 64,
              activation: 'tanh',
              recurrent_activation: recurrentActivation,
              use_bias: true,
              return_sequences: false,
              dropout: 0,
              recurrent_dropout: 0,
            },
          },
          { class_name: 'Dense', config: { name: `${name}_out`, units: 1, activation: 'sigmoid' } },
        ],
      },
    });
    expect(sameArchitecture(lstm('hard_sigmoid', 200, 'keras'), lstm('hardSigmoid', 200, 'tfjs')).same).toBe(true);
    expect(sameArchitecture(lstm('sigmoid', 200, 'a'), lstm('hardSigmoid', 500, 'b')).diff).toEqual([
      'input shape: [200] in a, [500] in b',
      'layer 1 Embedding: input_length 200 vs 500',
      'layer 2 LSTM: recurrent_activation sigmoid vs hardsigmoid',
    ]);
    const bigru = (units: number) => ({
      class_name: 'Sequential',
      config: {
        layers: [
          {
            class_name: 'Bidirectional',
            config: {
              batch_input_shape: [null, 20, 16],
              merge_mode: 'concat',
              layer: { class_name: 'GRU', config: { name: 'gru', units } },
            },
          },
        ],
      },
    });
    const signature = architectureSignature(bigru(8));
    expect(signature.layers[0].inner?.[0]).toMatchObject({
      className: 'GRU',
      config: { units: 8, activation: 'tanh', use_bias: true },
    });
    expect(sameArchitecture(bigru(8), bigru(16)).diff).toEqual([
      'layer 1 Bidirectional: wrapped GRU(units=8, activation=tanh) vs GRU(units=16, activation=tanh)',
    ]);
  });

  it('rejects something that is not a topology with a clear error', () => {
    expect(() => architectureSignature('not json')).toThrow(TopologyError);
    expect(() => architectureSignature({ layers: [] })).toThrow(/class_name and config/);
  });
});
