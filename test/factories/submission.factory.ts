import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The guide's CNN from the exercise's reference solution. */
export const referenceCnn = () => readFileSync(path.resolve('exercises/cifar10-cnn/reference.ts'), 'utf8');

/** A small dense model that trains fast and reaches well above chance on CIFAR-10. */
export const smallDenseModel = (epochs = 2) => `
export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: 32, activation: 'relu' }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));
  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.001 }, loss: 'categoricalCrossentropy' },
    fit: { epochs: ${epochs}, batchSize: 32, validationSplit: 0.1 },
  };
}`;

export const infiniteLoop = `export default function build(tf, task) { while (true) {} }`;

export const SUBMIT = `mutation Submit($input: SubmitSolutionInput!) { submitSolution(input: $input) { id status exerciseVersion } }`;
export const SUBMISSION = `query S($id: ID!) { submission(id: $id) {
  id status stage reason errorKind errorCode countsAsAttempt engine paramCount trainingSeconds
  evaluation { count accuracy accuracyLow accuracyHigh perClassAccuracy confusion classNames }
  grade { passed score summary feedback }
  epochs { epoch loss accuracy valLoss valAccuracy seconds }
  history { status stage message at } } }`;

/** A model that cannot learn in one epoch at this learning rate: stays near chance (10 %). */
export const hopelessModel = () => `
export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax', kernelInitializer: 'zeros' }));
  return {
    model,
    compile: { optimizer: { name: 'sgd', learningRate: 0.000001 }, loss: 'categoricalCrossentropy' },
    fit: { epochs: 1, batchSize: 64 },
  };
}`;
