/**
 * Baseline for cifar10-bn-augment: a model that must FAIL the threshold (checked by
 * `npm run exercises:validate`), so that passing means something.
 *
 * The guide's CNN exactly as cifar10-cnn's reference writes it (122,570 parameters), given
 * the whole budget of this exercise (three epochs): no normalisation, no augmentation. It is a
 * good model; the exercise asks for what the two techniques add within the same epochs.
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
