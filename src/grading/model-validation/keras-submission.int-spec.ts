import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SandboxPool } from '../../sandbox/sandbox.js';
import { kerasFixture } from '../../sandbox/testing/keras-fixtures.js';
import { CIFAR10_TASK, IMDB_TASK } from '../../sandbox/testing/submissions.js';
import type { ModelBudget } from './model-validation.js';
import { prepareSubmission } from './prepare-submission.js';

const CIFAR_BUDGET: ModelBudget = { maxParams: 500_000, maxEpochs: 4, maxBatchSize: 256, wallClockSeconds: 900 };
const IMDB_BUDGET: ModelBudget = { maxParams: 2_000_000, maxEpochs: 3, maxBatchSize: 128, wallClockSeconds: 900 };
const pool = new SandboxPool();

beforeAll(() => pool.warmUp());
afterAll(() => pool.close());

const keras = (code: unknown, task = CIFAR10_TASK, budget = CIFAR_BUDGET) =>
  prepareSubmission({ language: 'KERAS_JSON', code: JSON.stringify(code), task }, budget, pool);

describe('Keras models as Python users save them, through the sandbox and the validator', () => {
  it("a bare Keras 3 to_json() of the guide's CNN: compile from its compile_config, fit from the exercise's defaults", async () => {
    const prepared = await keras(kerasFixture('guide-cnn', 3));
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.plan.params.total).toBe(122_570);
    expect(prepared.plan.compile).toEqual({
      optimizer: { name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    expect(prepared.plan.labels).toBe('sparse');
    expect(prepared.plan.fit).toEqual({ epochs: 4, batchSize: 32, validationSplit: 0 });
  });

  it('a bare model without compile_config: the compile and fit fields beside it, in Keras spellings', async () => {
    const model = kerasFixture('guide-lstm', 2);
    const prepared = await keras(
      {
        ...model,
        compile: {
          optimizer: { class_name: 'RMSprop', config: { learning_rate: 0.002 } },
          loss: 'binary_crossentropy',
        },
        fit: { epochs: 2, batch_size: 64, validation_split: 0.1 },
      },
      IMDB_TASK,
      IMDB_BUDGET,
    );
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.plan.compile.optimizer).toEqual({ name: 'rmsprop', learningRate: 0.002 });
    expect(prepared.plan.compile.loss).toBe('binaryCrossentropy');
    expect(prepared.plan.fit).toEqual({ epochs: 2, batchSize: 64, validationSplit: 0.1 });
    expect(prepared.plan.params.total).toBe(1_329_473);
  });

  it('nothing given: the exercise defaults, with the loss that fits a one-unit sigmoid output', async () => {
    const model = kerasFixture('guide-lstm', 3);
    delete model.compile_config;
    const prepared = await keras(model, IMDB_TASK, IMDB_BUDGET);
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.plan.compile).toEqual({
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    expect(prepared.plan.labels).toBe('binary');
    expect(prepared.plan.fit).toEqual({ epochs: 3, batchSize: 32, validationSplit: 0 });
  });

  it('a functional Keras 3 model on token ids (an int64 input) gets a float32 input layer, as a tfjs tf.input() has', async () => {
    const tensor = (from: string, shape: (number | null)[]) => ({
      class_name: '__keras_tensor__',
      config: { shape, dtype: 'float32', keras_history: [from, 0, 0] },
    });
    const layer = (class_name: string, config: Record<string, unknown>, from: string, shape: (number | null)[]) => ({
      module: 'keras.layers',
      class_name,
      config,
      registered_name: null,
      name: config.name,
      inbound_nodes: [{ args: [tensor(from, shape)], kwargs: {} }],
    });
    const model = {
      module: 'keras',
      class_name: 'Functional',
      config: {
        name: 'functional',
        trainable: true,
        layers: [
          {
            module: 'keras.layers',
            class_name: 'InputLayer',
            config: { batch_shape: [null, 500], dtype: 'int64', sparse: false, name: 'tokens' },
            registered_name: null,
            name: 'tokens',
            inbound_nodes: [],
          },
          layer('Embedding', { name: 'embedding', input_dim: 10000, output_dim: 16 }, 'tokens', [null, 500]),
          layer('GlobalAveragePooling1D', { name: 'pool', keepdims: false }, 'embedding', [null, 500, 16]),
          layer('Dense', { name: 'out', units: 1, activation: 'sigmoid' }, 'pool', [null, 16]),
        ],
        input_layers: ['tokens', 0, 0],
        output_layers: ['out', 0, 0],
      },
      registered_name: 'Functional',
    };
    const prepared = await keras(model, IMDB_TASK, IMDB_BUDGET);
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.plan.params.total).toBe(10000 * 16 + 16 + 1);
    expect(prepared.plan.labels).toBe('binary');
    const input = (prepared.plan.topology.config as { layers: { class_name: string; config: { dtype?: string } }[] })
      .layers[0];
    expect(input).toMatchObject({ class_name: 'InputLayer', config: { dtype: 'float32' } });
  });

  it('the wrapped form keeps working with a Keras 3 model, and a fit without epochs takes the default epochs', async () => {
    const model = kerasFixture('guide-cnn', 3);
    delete model.compile_config;
    const prepared = await keras({
      model: JSON.stringify(model),
      compile: { optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' },
      fit: { batch_size: 128 },
    });
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.plan.compile.optimizer).toEqual({ name: 'sgd', learningRate: 0.01 });
    expect(prepared.plan.fit).toEqual({ epochs: 4, batchSize: 128, validationSplit: 0 });
  });

  it('ends a Keras JSON nested 200,000 levels deep in a clear error, not a crash, and serves the next one', async () => {
    const text = JSON.stringify(kerasFixture('guide-cnn', 3)).replace(
      '"groups":1',
      `"groups":${'['.repeat(200_000)}${']'.repeat(200_000)}`,
    );
    const deep = await prepareSubmission(
      { language: 'KERAS_JSON', code: text, task: CIFAR10_TASK },
      CIFAR_BUDGET,
      pool,
    );
    expect(deep).toMatchObject({ ok: false, stage: 'sandbox', code: 'INVALID_MODEL', retryable: false });
    expect(!deep.ok && deep.message).toMatch(/nested more than 64 levels deep, the limit/);
    expect((await keras(kerasFixture('guide-cnn', 3))).ok).toBe(true);
  });

  it('refuses RandomFlip naming the layer and how to ask the plan for augmentation, and an out-of-range option by field', async () => {
    const model = kerasFixture('guide-cnn', 3);
    (model.config as { layers: unknown[] }).layers.splice(1, 0, {
      module: 'keras.layers',
      class_name: 'RandomFlip',
      config: { name: 'random_flip', trainable: true, seed: null, mode: 'horizontal', data_format: 'channels_last' },
      registered_name: null,
    });
    const flipped = await keras(model);
    expect(flipped).toMatchObject({ ok: false, stage: 'sandbox', code: 'INVALID_MODEL', retryable: false });
    expect(!flipped.ok && flipped.message).toMatch(
      /^layers\[1\] \(random_flip\): RandomFlip \(mode "horizontal"\) is a random augmentation layer.*augment: \{ horizontalFlip: true \}/,
    );
    const slow = kerasFixture('guide-cnn', 3);
    (slow.compile_config as { optimizer: { config: Record<string, unknown> } }).optimizer.config.learning_rate = 5;
    const refused = await keras(slow);
    expect(refused).toMatchObject({ ok: false, stage: 'validate', code: 'MODEL_REFUSED' });
    expect(!refused.ok && refused.message).toMatch(/compile\.optimizer\.learningRate: 5 is outside the allowed range/);
  });
});
