/**
 * Reference solution for cifar10-cnn: the CNN from section 4.1 of the Chinese career guide,
 * written in TensorFlow.js. It must pass the exercise's threshold (checked by
 * `npm run exercises:validate`).
 *
 * Differences from the guide's Keras script, and why:
 *   - loss: the grader delivers one-hot labels, so `categoricalCrossentropy` replaces the
 *     guide's `sparse_categorical_crossentropy` (the same loss for integer labels);
 *   - epochs: 3 instead of the guide's 10, to keep CPU grading within the budget;
 *   - validation: 10 % of the training data, not the test split (the test split is only
 *     used for the final grade).
 *
 * Parameters (122,570 in total):
 *   conv2d 32 @ 3x3 on 3 channels   3*3*3*32 + 32   =    896   -> 30x30x32
 *   max-pool 2                                               -> 15x15x32
 *   conv2d 64 @ 3x3 on 32 channels  3*3*32*64 + 64  = 18,496   -> 13x13x64
 *   max-pool 2                                               ->  6x6x64
 *   conv2d 64 @ 3x3 on 64 channels  3*3*64*64 + 64  = 36,928   ->  4x4x64
 *   flatten                                                  ->  1,024
 *   dense 64                        1024*64 + 64    = 65,600
 *   dropout 0.5
 *   dense 10 softmax                64*10 + 10      =    650
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
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
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 3, batchSize: 64, validationSplit: 0.1 },
  };
}
