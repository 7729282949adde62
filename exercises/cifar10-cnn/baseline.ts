/**
 * Baseline for cifar10-cnn: a model that must FAIL the threshold (checked by
 * `npm run exercises:validate`), so that passing means something.
 *
 * A single dense softmax layer on the flattened pixels (3072*10 + 10 = 30,730 parameters),
 * trained for one epoch by plain SGD with a tiny learning rate. Even a fully trained linear
 * model on raw CIFAR-10 pixels stays around 40 %; this one is far from converged.
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));

  return {
    model,
    compile: {
      optimizer: { name: 'sgd', learningRate: 0.0001 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 1, batchSize: 64, validationSplit: 0.1 },
  };
}
