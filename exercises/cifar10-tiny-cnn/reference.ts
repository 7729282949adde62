/**
 * Reference solution for cifar10-tiny-cnn: three 3×3 convolution stages with "same" padding
 * and 2×2 pooling, then straight to the softmax. Written for this exercise (not from a guide).
 * It must pass the exercise's threshold (checked by `npm run exercises:validate`).
 *
 * Where the parameters go (19,466 in total, under the 20,000 limit):
 *   conv2d 16 @ 3x3 on 3 channels, same    3*3*3*16 + 16   =    448   -> 32x32x16
 *   max-pool 2                                                     -> 16x16x16
 *   conv2d 32 @ 3x3 on 16 channels, same   3*3*16*32 + 32  =  4,640   -> 16x16x32
 *   max-pool 2                                                     ->  8x8x32
 *   conv2d 32 @ 3x3 on 32 channels, same   3*3*32*32 + 32  =  9,248   ->  8x8x32
 *   max-pool 2                                                     ->  4x4x32
 *   flatten                                                        ->    512
 *   dense 10 softmax                       512*10 + 10     =  5,130
 *
 * Why this shape: the convolutions are cheap in parameters (weights are shared over every
 * position), so the budget goes there; pooling three times leaves only 512 features, so the
 * classifier costs 5,130 instead of the ~655,000 a dense layer on the raw pixels would.
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: task.inputShape }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.002 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 4, batchSize: 64, validationSplit: 0.1 },
  };
}
