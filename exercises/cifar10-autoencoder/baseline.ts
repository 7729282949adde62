/**
 * Baseline for cifar10-autoencoder: a model that must FAIL (checked by `npm run exercises:validate`).
 *
 * The textbook first autoencoder: flatten the image, squeeze it through a dense code of 32
 * values, and expand it back with another dense layer. It ignores that neighbouring pixels belong
 * together, and 32 numbers are too few to say much about a photo, so its reconstructions are
 * blurred averages. Parameters: 3,072*32 + 32 = 98,336, then 32*3,072 + 3,072 = 101,376:
 * 199,712 in all.
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
  maxCodeSize: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const size = task.inputShape.reduce((a, b) => a * b, 1);
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: 32, activation: 'relu' }));
  model.add(tf.layers.dense({ units: size, activation: 'sigmoid' }));
  model.add(tf.layers.reshape({ targetShape: task.inputShape }));

  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.002 }, loss: 'meanSquaredError' },
    fit: { epochs: 3, batchSize: 64, validationSplit: 0.1 },
  };
}
