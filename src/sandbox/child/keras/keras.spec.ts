import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shortestFloat32 } from './compile-config.js';
import { convertKerasModel, kerasFormat } from './model.js';
import { KerasConversionError, type Json } from './refusals.js';
import { readKerasSubmission } from './submission.js';
import { INPUTS, normalisedTopology, rebuild, registerQuickOrthogonal, TS_BUILDS } from './testing-builds.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): Json => JSON.parse(readFileSync(path.join(here, 'fixtures', name), 'utf8')) as Json;
const FAMILIES = Object.keys(TS_BUILDS);

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerQuickOrthogonal();
});

function refusalsOf(model: Json): string[] {
  try {
    convertKerasModel(model);
  } catch (error) {
    if (error instanceof KerasConversionError) return error.refusals.map((r) => r.message);
    throw error;
  }
  throw new Error('expected the conversion to refuse');
}

// That each converted fixture also computes the same outputs as its TypeScript build (with the
// same weights) is checked in keras-outputs.int-spec.ts: a forward pass of the guide LSTM over
// 500 steps on the CPU backend takes seconds, too slow for the unit tier.
describe.each(FAMILIES.flatMap((family) => [2, 3].map((v) => [family, v] as const)))(
  'the %s fixture written by Keras %d',
  (family, version) => {
    const raw = fixture(`${family}.keras${version}.json`);

    it('is detected as that Keras version', () => {
      expect(kerasFormat(raw)).toBe(version === 3 ? 'keras3' : 'keras2');
    });

    it('converts to the same normalised topology as the TypeScript build of the network', async () => {
      const converted = await rebuild(raw);
      const built = TS_BUILDS[family]();
      const rank = INPUTS[family].shape.length + 1;
      expect(normalisedTopology(converted.toJSON(null, false), rank)).toEqual(
        normalisedTopology(built.toJSON(null, false), rank),
      );
      expect(converted.countParams()).toBe(built.countParams());
    });
  },
);

describe('what Keras 3 changed', () => {
  it('reads the InputLayer batch_shape, DTypePolicy objects and nested initializer objects', () => {
    const topology = convertKerasModel(fixture('guide-cnn.keras3.json'));
    const first = (topology.config as { layers: Json[] }).layers[0];
    expect(first.class_name).toBe('Conv2D');
    expect(first.config).toMatchObject({
      batch_input_shape: [null, 32, 32, 3],
      kernel_initializer: { class_name: 'GlorotUniform', config: {} },
    });
    expect(JSON.stringify(topology)).not.toMatch(/"module"|registered_name|build_config|DTypePolicy/);
  });

  it('rewrites functional inbound nodes and a single input written without its outer list', () => {
    const topology = convertKerasModel(fixture('merge-layers.keras3.json'));
    const config = topology.config as { layers: Json[]; input_layers: unknown; output_layers: unknown };
    expect(config.input_layers).toEqual([['input_layer', 0, 0]]);
    expect(config.output_layers).toEqual([['dense_2', 0, 0]]);
    const add = config.layers.find((l) => l.class_name === 'Add')!;
    expect(add.inbound_nodes).toEqual([
      [
        ['dense', 0, 0, {}],
        ['dense_1', 0, 0, {}],
      ],
    ]);
  });

  it('takes compile from compile_config, in Keras spellings, without Keras bookkeeping', () => {
    const submission = readKerasSubmission(fixture('guide-cnn.keras3.json'));
    expect(submission.compileFrom).toBe('compile_config');
    expect(submission.compile).toEqual({
      optimizer: {
        name: 'Adam',
        learning_rate: 0.001,
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.9,
        beta_2: 0.999,
        epsilon: 1e-7,
        amsgrad: false,
      },
      loss: 'sparse_categorical_crossentropy',
      metrics: ['accuracy'],
    });
    expect(submission.fit).toBeNull();
  });
});

describe('the forms of a submission', () => {
  const bare = fixture('core-layers.keras3.json');

  it('a bare model without compile_config takes optional compile and fit fields, else null', () => {
    expect(readKerasSubmission(bare)).toMatchObject({ compile: null, fit: null, compileFrom: 'none' });
    const withPlan = { ...bare, compile: { optimizer: 'sgd', loss: 'categorical_crossentropy' }, fit: { epochs: 2 } };
    expect(readKerasSubmission(withPlan)).toMatchObject({
      compile: { optimizer: 'sgd', loss: 'categorical_crossentropy' },
      fit: { epochs: 2 },
      compileFrom: 'compile',
    });
  });

  it('the wrapped form, with the model as an object or as the string to_json() returned', () => {
    const plan = { compile: { optimizer: 'adam', loss: 'sparse_categorical_crossentropy' }, fit: { batch_size: 16 } };
    for (const model of [bare, JSON.stringify(bare)]) {
      const read = readKerasSubmission({ model, ...plan });
      expect(read.compile).toEqual(plan.compile);
      expect(read.fit).toEqual(plan.fit);
      expect(read.topology).toEqual(convertKerasModel(bare));
    }
  });

  it("reads Keras 3's float32 learning rate as the shortest decimal with the same float32 value", () => {
    expect(shortestFloat32(0.0010000000474974513)).toBe(0.001);
    expect(shortestFloat32(Math.fround(0.0003))).toBe(0.0003);
    expect(shortestFloat32(0.001)).toBe(0.001); // not a float32 value: left as written
    expect(Math.fround(shortestFloat32(Math.fround(1 / 3)))).toBe(Math.fround(1 / 3));
  });

  it('a compile field may hold Keras 3 objects, unwrapped the same way', () => {
    const optimizer = (fixture('guide-cnn.keras3.json').compile_config as Json).optimizer;
    const read = readKerasSubmission({
      ...bare,
      compile: { optimizer, loss: 'categorical_crossentropy', run_eagerly: false },
    });
    expect(read.compile).toMatchObject({ optimizer: { name: 'Adam', beta_1: 0.9 }, loss: 'categorical_crossentropy' });
    expect(read.compile).not.toHaveProperty('run_eagerly');
    expect((read.compile as { optimizer: Json }).optimizer).not.toHaveProperty('ema_momentum');
  });

  it('compile_config wins over a compile field (the order the exercise page documents)', () => {
    const read = readKerasSubmission({ ...fixture('guide-lstm.keras3.json'), compile: { optimizer: 'sgd' } });
    expect(read.compileFrom).toBe('compile_config');
    expect((read.compile as Json).loss).toBe('binary_crossentropy');
  });

  it('refuses JSON nested deeper than the limit before walking it (as an object or inside the "model" string)', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    const model = { ...bare, config: { ...(bare.config as Json), extra: deep } };
    expect(() => readKerasSubmission(model)).toThrow(/^model: the JSON is nested more than 64 levels deep, the limit/);
    const text = JSON.stringify({ ...bare, extra: 0 }).replace(
      '"extra":0',
      `"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    expect(() => readKerasSubmission({ model: text })).toThrow(KerasConversionError);
  });

  it('refuses something that is not a model, saying what to send', () => {
    expect(() => readKerasSubmission([1, 2])).toThrow(/model\.to_json\(\)/);
    expect(() => readKerasSubmission({ model: '{not json' })).toThrow(/"model" is a string but not valid JSON/);
    expect(() => readKerasSubmission({ model: { layers: [] } })).toThrow(/"model" must be the JSON/);
  });
});

describe('refusals', () => {
  const withLayer = (entry: Json, at = 2): Json => {
    const model = structuredClone(fixture('guide-cnn.keras3.json'));
    ((model.config as Json).layers as Json[]).splice(at, 0, entry);
    return model;
  };

  it('a layer outside the list, naming the layer and what to use instead', () => {
    const messages = refusalsOf(
      withLayer({ module: 'keras.layers', class_name: 'LeakyReLU', config: { name: 'leaky', negative_slope: 0.3 } }),
    );
    expect(messages).toEqual([
      'layers[2] (leaky): layer class "LeakyReLU" is not supported; use Activation("relu") or ReLU',
    ]);
    expect(refusalsOf(withLayer({ class_name: 'Lambda', config: { name: 'fn', function: 'x' } }))[0]).toMatch(
      /layers\[2\] \(fn\): layer class "Lambda" is not supported; use the built-in layers/,
    );
    expect(refusalsOf(withLayer({ class_name: 'Conv3D', config: { name: 'c3' } }))[0]).toMatch(/use Conv2D/);
  });

  it('RandomFlip, RandomCrop and the other augmentation layers, saying how to ask the plan for augmentation', () => {
    const flip = refusalsOf(
      withLayer({ class_name: 'RandomFlip', config: { name: 'random_flip', mode: 'horizontal', seed: null } }, 1),
    );
    expect(flip[0]).toMatch(
      /^layers\[1\] \(random_flip\): RandomFlip \(mode "horizontal"\) is a random augmentation layer/,
    );
    expect(flip[0]).toMatch(
      /Remove it and ask for augment: \{ horizontalFlip: true \} in the submission's "fit" settings/,
    );
    const both = refusalsOf(withLayer({ class_name: 'RandomFlip', config: { name: 'flip2' } }, 1));
    expect(both[0]).toMatch(
      /\(mode "horizontal_and_vertical"\).*vertical flips are not offered.*augment: \{ horizontalFlip: true, cropPadding: 4 \}/,
    );
    const zoom = refusalsOf(withLayer({ class_name: 'RandomZoom', config: { name: 'zoom', height_factor: 0.1 } }, 1));
    expect(zoom[0]).toMatch(/RandomZoom is not offered, but the submission's "fit" settings take augment:/);
    const crop = refusalsOf(
      withLayer({ class_name: 'RandomCrop', config: { name: 'crop', height: 28, width: 28 } }, 1),
    );
    expect(crop[0]).toMatch(
      /RandomCrop \(28×28\).*augment: \{ cropPadding: N \} in the submission's "fit" settings.*original size/,
    );
  });

  it('options tfjs does not implement, naming the option and the fix', () => {
    const model = structuredClone(fixture('sequence-layers.keras3.json'));
    const layers = (model.config as Json).layers as Json[];
    const gru = layers.find((l) => l.class_name === 'GRU')!;
    (gru.config as Json).reset_after = true;
    const conv = layers.find((l) => l.class_name === 'Conv1D')!;
    (conv.config as Json).groups = 2;
    (conv.config as Json).activation = 'gelu_fast';
    (conv.config as Json).weights = [[0.5]];
    const messages = refusalsOf(model);
    expect(messages).toEqual([
      expect.stringMatching(/^layers\[2\] \(conv1d\)\.config\.groups: 2 is not supported: grouped convolutions/),
      expect.stringMatching(/^layers\[2\] \(conv1d\)\.config\.activation: "gelu_fast" is not a supported activation/),
      expect.stringMatching(
        /^layers\[2\] \(conv1d\)\.config\.weights: the Conv1D option "weights" .* is not supported/,
      ),
      expect.stringMatching(/^layers\[6\] \(gru\)\.config\.reset_after: true is not supported: .*reset_after=False/),
    ]);
  });

  it('a dtype policy other than float32, and a loss on logits', () => {
    const model = structuredClone(fixture('guide-cnn.keras3.json'));
    const dense = ((model.config as Json).layers as Json[])[7];
    ((dense.config as Json).dtype as Json).config = { name: 'mixed_float16' };
    expect(refusalsOf(model)[0]).toMatch(
      /^layers\[7\] \(dense\)\.config\.dtype: "mixed_float16" is not supported: the trainer computes in float32/,
    );
    const logits = structuredClone(fixture('guide-cnn.keras3.json'));
    (logits.compile_config as Json).loss = {
      module: 'keras.losses',
      class_name: 'SparseCategoricalCrossentropy',
      config: { from_logits: true },
    };
    expect(() => readKerasSubmission(logits)).toThrow(/compile_config\.loss\.from_logits: losses on logits/);
  });
});

describe('helper objects and model shapes', () => {
  const dense = (config: Json): Json => ({
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 's',
      layers: [
        { class_name: 'InputLayer', config: { batch_shape: [null, 4], name: 'in' } },
        { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'softmax', ...config } },
      ],
    },
  });
  const denseConfig = (config: Json): Json =>
    (convertKerasModel(dense(config)).config as { layers: Json[] }).layers[0].config as Json;

  it('maps Keras 3 regularizers, constraints and initializer spellings onto tfjs classes', () => {
    expect(
      denseConfig({
        kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 } },
        bias_regularizer: { class_name: 'L1', config: { l1: 0.5 } },
        kernel_constraint: { module: 'keras.constraints', class_name: 'MaxNorm', config: { max_value: 2, axis: 0 } },
        kernel_initializer: { module: 'keras.initializers', class_name: 'LecunNormal', config: { seed: 7 } },
        bias_initializer: 'zeros',
      }),
    ).toMatchObject({
      kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
      bias_regularizer: { class_name: 'L1L2', config: { l1: 0.5, l2: 0 } },
      kernel_constraint: { class_name: 'MaxNorm', config: { max_value: 2, axis: 0 } },
      kernel_initializer: { class_name: 'LeCunNormal', config: { seed: 7 } },
      bias_initializer: { class_name: 'Zeros', config: {} },
    });
  });

  it('refuses helper objects it cannot map, naming each field', () => {
    expect(
      refusalsOf(
        dense({
          kernel_regularizer: { class_name: 'OrthogonalRegularizer', config: { factor: 0.01 } },
          kernel_constraint: { class_name: 'Clip', config: {} },
          kernel_initializer: { class_name: 'STFT', config: {} },
          bias_initializer: { class_name: 'RandomNormal', config: { stddev: 1, sharpness: 2 } },
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^layers\[1\] \(d\)\.config\.kernel_regularizer: .* is not a supported regularizer/),
      expect.stringMatching(/^layers\[1\] \(d\)\.config\.kernel_constraint: .* is not a supported constraint/),
      expect.stringMatching(/^layers\[1\] \(d\)\.config\.kernel_initializer: .* is not a supported initializer/),
      expect.stringMatching(/^layers\[1\] \(d\)\.config\.bias_initializer\.sharpness: "sharpness" is not an option/),
    ]);
  });

  it('refuses what is not a Sequential or functional model, and malformed parts of one', () => {
    expect(refusalsOf({ class_name: 'Dense', config: {} })[0]).toMatch(/^model: class_name "Dense" is not a model/);
    expect(refusalsOf({ class_name: 'Sequential', config: { layers: [] } })[0]).toMatch(/needs a list of layers/);
    const misplaced = dense({});
    ((misplaced.config as Json).layers as Json[]).push({
      class_name: 'InputLayer',
      config: { batch_shape: [null, 2] },
    });
    expect(refusalsOf(misplaced)).toEqual([expect.stringMatching(/an InputLayer can only come first/)]);
    const functional = structuredClone(fixture('merge-layers.keras3.json'));
    (functional.config as Json).output_layers = 'dense_2';
    const add = ((functional.config as Json).layers as Json[]).find((l) => l.class_name === 'Add')!;
    add.inbound_nodes = [
      { args: [], kwargs: { mask: { class_name: '__keras_tensor__', config: { keras_history: ['dense', 0, 0] } } } },
    ];
    expect(refusalsOf(functional)).toEqual([
      expect.stringMatching(/inbound_nodes\[0\]\.kwargs: tensors passed by keyword .* are not supported/),
      expect.stringMatching(/inbound_nodes\[0\]\.args: no input tensor found/),
      expect.stringMatching(
        /^model\.config\.output_layers: "dense_2" is not a list of \[layer name, node index, tensor index\]/,
      ),
    ]);
  });

  it('refuses a Bidirectional whose backward layer is not the mirror of its forward layer', () => {
    const model = structuredClone(fixture('sequence-layers.keras3.json'));
    const bi = ((model.config as Json).layers as Json[]).find((l) => l.class_name === 'Bidirectional')!;
    (((bi.config as Json).backward_layer as Json).config as Json).units = 9;
    expect(refusalsOf(model)).toEqual([expect.stringMatching(/config\.backward_layer: a backward layer different/)]);
  });
});

describe('upsampling layers (a convolutional autoencoder, Keras 3 form)', () => {
  const layer = (class_name: string, config: Json): Json => ({ module: 'keras.layers', class_name, config });
  const autoencoder = (decoder: Json[]): Json => ({
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'autoencoder',
      layers: [
        layer('InputLayer', { batch_shape: [null, 32, 32, 3], dtype: 'float32', sparse: false, name: 'input_layer' }),
        layer('Conv2D', {
          name: 'enc',
          filters: 8,
          kernel_size: [3, 3],
          strides: [2, 2],
          padding: 'same',
          data_format: 'channels_last',
          dilation_rate: [1, 1],
          groups: 1,
          activation: 'relu',
          use_bias: true,
        }),
        ...decoder,
      ],
    },
  });
  const transpose = (extra: Json = {}) =>
    layer('Conv2DTranspose', {
      name: 'dec',
      filters: 3,
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: 'same',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      groups: 1,
      output_padding: null,
      activation: 'sigmoid',
      use_bias: true,
      ...extra,
    });

  it('converts Conv2DTranspose and UpSampling2D into layers tfjs rebuilds with the input shape out', async () => {
    const viaTranspose = await rebuild(autoencoder([transpose()]));
    expect(viaTranspose.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'Conv2DTranspose']);
    expect(viaTranspose.outputs[0].shape).toEqual([null, 32, 32, 3]);
    const viaUpsampling = await rebuild(
      autoencoder([
        layer('UpSampling2D', { name: 'up', size: [2, 2], data_format: 'channels_last', interpolation: 'nearest' }),
        layer('Conv2D', { name: 'out', filters: 3, kernel_size: [3, 3], padding: 'same', activation: 'sigmoid' }),
      ]),
    );
    expect(viaUpsampling.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'UpSampling2D', 'Conv2D']);
    expect(viaUpsampling.outputs[0].shape).toEqual([null, 32, 32, 3]);
  });

  it('refuses an output_padding tfjs does not have, naming the option', () => {
    expect(refusalsOf(autoencoder([transpose({ output_padding: [1, 1] })]))).toEqual([
      'layers[2] (dec).config.output_padding: [1,1] is not supported: output_padding is not available; use output_padding=None',
    ]);
  });
});
