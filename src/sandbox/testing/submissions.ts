/**
 * Sample submissions for tests (sandbox, validator, and e2e tests of the grading pipeline).
 * Each is source text exactly as a candidate would submit it.
 */
import type { ModelTask } from '../sandbox.types.js';

export const CIFAR10_TASK: ModelTask = { dataset: 'cifar10', inputShape: [32, 32, 3], numClasses: 10 };
export const IMDB_TASK: ModelTask = {
  dataset: 'imdb',
  inputShape: [500],
  numClasses: 2,
  vocabSize: 10000,
  seqLen: 500,
};

/** The Chinese career guide's CIFAR-10 CNN (section 4.1), in TypeScript. 122,570 parameters. */
export const GUIDE_CNN_TS = `
interface Task { inputShape: number[]; numClasses: number }

export default function build(tf: any, task: Task) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: task.inputShape }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));
  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.001 }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] },
    fit: { epochs: 2, batchSize: 64, validationSplit: 0.1 },
  };
}
`;

/** The guide's IMDb LSTM (section 4.2), in JavaScript, async. 1,329,473 parameters. */
export const GUIDE_LSTM_JS = `
export default async function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 128, inputLength: task.seqLen }));
  model.add(tf.layers.lstm({ units: 64 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  return {
    model,
    compile: { optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] },
    fit: { epochs: 3, batchSize: 64 },
  };
}
`;

/** A small functional-API model with a Bidirectional GRU, in JavaScript (CommonJS style). */
export const FUNCTIONAL_BIGRU_JS = `
module.exports = function build(tf, task) {
  const input = tf.input({ shape: task.inputShape });
  const embedded = tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 16 }).apply(input);
  const recurrent = tf.layers.bidirectional({ layer: tf.layers.gru({ units: 8 }), mergeMode: 'concat' }).apply(embedded);
  const output = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(recurrent);
  return {
    model: tf.model({ inputs: input, outputs: output }),
    compile: { optimizer: { name: 'rmsprop', learningRate: 0.001 }, loss: 'sparseCategoricalCrossentropy' },
    fit: { epochs: 1, batchSize: 32 },
  };
};
`;

/**
 * A Keras 2 \`model.to_json()\` of the guide's CNN (written by hand in the format Keras 2.x
 * produces: class_name/config, batch_input_shape, initializer objects), as a KERAS_JSON
 * submission with a Keras-style compile/fit.
 */
export const GUIDE_CNN_KERAS_TOPOLOGY = {
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    layers: [
      {
        class_name: 'InputLayer',
        config: {
          batch_input_shape: [null, 32, 32, 3],
          dtype: 'float32',
          sparse: false,
          ragged: false,
          name: 'conv2d_input',
        },
      },
      conv('conv2d', 32, [null, 32, 32, 3]),
      pool('max_pooling2d'),
      conv('conv2d_1', 64),
      pool('max_pooling2d_1'),
      conv('conv2d_2', 64),
      {
        class_name: 'Flatten',
        config: { name: 'flatten', trainable: true, dtype: 'float32', data_format: 'channels_last' },
      },
      dense('dense', 64, 'relu'),
      {
        class_name: 'Dropout',
        config: { name: 'dropout', trainable: true, dtype: 'float32', rate: 0.5, noise_shape: null, seed: null },
      },
      dense('dense_1', 10, 'softmax'),
    ],
  },
  keras_version: '2.11.0',
  backend: 'tensorflow',
};

function conv(name: string, filters: number, batchInputShape?: (number | null)[]) {
  return {
    class_name: 'Conv2D',
    config: {
      name,
      trainable: true,
      ...(batchInputShape ? { batch_input_shape: batchInputShape } : {}),
      dtype: 'float32',
      filters,
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: 'valid',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      groups: 1,
      activation: 'relu',
      use_bias: true,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
  };
}

function pool(name: string) {
  return {
    class_name: 'MaxPooling2D',
    config: {
      name,
      trainable: true,
      dtype: 'float32',
      pool_size: [2, 2],
      padding: 'valid',
      strides: [2, 2],
      data_format: 'channels_last',
    },
  };
}

function dense(name: string, units: number, activation: string) {
  return {
    class_name: 'Dense',
    config: {
      name,
      trainable: true,
      dtype: 'float32',
      units,
      activation,
      use_bias: true,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
  };
}

/** The KERAS_JSON submission text: the topology as a string, the way model.to_json() returns it. */
export const GUIDE_CNN_KERAS_JSON = JSON.stringify({
  model: JSON.stringify(GUIDE_CNN_KERAS_TOPOLOGY),
  compile: {
    optimizer: { class_name: 'Adam', config: { learning_rate: 0.001 } },
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  },
  fit: { epochs: 2, batch_size: 64, validation_split: 0.1 },
});

/** Builds a model with about `units * units` parameters per Dense layer (for budget tests). */
export function denseModelJs(units: number, layers = 1): string {
  return `
export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  for (let i = 0; i < ${layers}; i++) model.add(tf.layers.dense({ units: ${units}, activation: 'relu' }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));
  return { model, compile: { optimizer: 'adam', loss: 'categoricalCrossentropy' }, fit: { epochs: 1, batchSize: 32 } };
}
`;
}
