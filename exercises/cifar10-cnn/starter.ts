/**
 * Starter for the cifar10-cnn exercise.
 *
 * This file is valid as it stands: it returns a model the grader accepts, but the model is
 * only a linear classifier on raw pixels, which cannot reach the threshold. Replace the TODOs.
 *
 * Contract: the grader calls `build(tf, task)` inside a sandbox and trains what you return.
 *   - `tf` is the TensorFlow.js API (`tf.sequential`, `tf.layers.*`, ...). Nothing else is
 *     available: no network, no file system, no data. Do not import anything.
 *   - `task` describes the data: `inputShape` is [32, 32, 3] (height, width, RGB channels,
 *     values already scaled to 0..1) and `numClasses` is 10.
 *   - Return `{ model, compile, fit }`: an uncompiled tf.LayersModel, the options for
 *     `model.compile` (optimizer as `{ name, learningRate }`), and the options for training
 *     (`epochs`, `batchSize`, `validationSplit`). Labels arrive one-hot encoded.
 */

/** What build() receives for this exercise. */
interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();

  // TODO: add convolution and pooling blocks here so the network can learn local patterns
  // (edges, textures, parts) before it classifies. Keep an eye on the parameter budget.
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));

  // TODO: a small hidden dense layer (and some regularisation) usually helps here.
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    // TODO: choose the number of epochs and the batch size within the budget.
    fit: { epochs: 2, batchSize: 64, validationSplit: 0.1 },
  };
}
