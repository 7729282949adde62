/**
 * Starter for the cifar10-autoencoder exercise.
 *
 * Valid as it stands: the grader accepts it, but it only averages 8×8 blocks (a 4×4×3 code of
 * 48 values, well under the limit) and blows them up again, so every reconstruction is a mosaic of
 * flat squares; it does not reach the threshold. 1×1 convolution: 3*3 + 3 = 12 parameters.
 *
 * Contract: the grader calls `build(tf, task)` inside a sandbox and trains what you return.
 *   - `tf` is the TensorFlow.js API (`tf.sequential`, `tf.layers.*`, ...). Do not import anything.
 *   - `task`: `inputShape` [32, 32, 3] (pixels scaled to 0..1), `maxCodeSize` 768: some layer
 *     must hold at most that many values per image (the code).
 *   - The targets are the input images themselves. Return `{ model, compile, fit }`: an
 *     uncompiled tf.LayersModel whose output has the input's shape, compile with
 *     `loss: 'meanSquaredError'`, and the training options.
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
  maxCodeSize: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();
  // TODO: an encoder that learns what to keep: convolutions, then downsampling.
  model.add(tf.layers.averagePooling2d({ poolSize: 8, inputShape: task.inputShape }));
  // TODO: a decoder that learns how to draw it back: upSampling2d or conv2dTranspose, with convolutions.
  model.add(tf.layers.upSampling2d({ size: [8, 8] }));
  model.add(tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.002 }, loss: 'meanSquaredError' },
    fit: { epochs: 1, batchSize: 64, validationSplit: 0.1 },
  };
}
