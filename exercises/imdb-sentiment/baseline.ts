/**
 * Baseline for imdb-sentiment: a model that must FAIL the threshold (checked by
 * `npm run exercises:validate`), so that passing means something.
 *
 * One number per word (a 10,000 x 1 embedding), averaged over the review, into a sigmoid
 * unit (10,000 + 2 = 10,002 parameters), trained for one epoch by plain SGD with a tiny
 * learning rate: the weights barely leave their random start, so it stays near chance.
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
  model.add(tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 1, inputLength: task.seqLen }));
  model.add(tf.layers.globalAveragePooling1d());
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: {
      optimizer: { name: 'sgd', learningRate: 0.0001 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 1, batchSize: 64, validationSplit: 0.1 },
  };
}
