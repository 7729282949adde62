/**
 * Baseline for cifar10-tiny-cnn: a model that must FAIL the threshold (checked by
 * `npm run exercises:validate`), so that passing means something.
 *
 * The first thing many people try under a parameter cap: flatten the pixels and squeeze them
 * through a tiny hidden layer. It fits the budget (3072*6 + 6 = 18,438, then 6*10 + 10 = 70:
 * 18,508 parameters), but almost every parameter is spent on a single 6-unit bottleneck that
 * sees no spatial structure, so it stays far below what a small CNN reaches.
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: 6, activation: 'relu' }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 4, batchSize: 64, validationSplit: 0.1 },
  };
}
