/**
 * Baseline for imdb-overfit-fix: a model that must FAIL (checked by `npm run exercises:validate`).
 *
 * The fix many people try first: keep the starter's flatten + dense model and its 6 epochs, and
 * add dropout. Dropout slows the memorising down but does not stop it: after 6 epochs the train
 * accuracy is still far above the test accuracy. Same 1,139,457 parameters as the starter
 * (dropout has none).
 */

interface ImdbTask {
  inputShape: number[];
  numClasses: number;
  vocabSize: number;
  seqLen: number;
  output: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: ImdbTask) {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 32, inputLength: task.seqLen }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.002 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 6, batchSize: 64, validationSplit: 0.1 },
  };
}
