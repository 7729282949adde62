/**
 * Baseline for imdb-conv1d-fast: a model that must FAIL the threshold (checked by
 * `npm run exercises:validate`).
 *
 * The guide's LSTM, exactly imdb-sentiment's reference (embedding 10,000 x 128 = 1,280,000,
 * LSTM 64 on 128 inputs 4*(128*64 + 64*64 + 64) = 49,408, dense 64 + 1 = 65: 1,329,473
 * parameters). It passes imdb-sentiment, where it has 1,500 s for its epoch; it reads the 200
 * steps of a review one after another, so the 90 s budget here stops it after a small part of
 * that epoch.
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
  model.add(tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 128, inputLength: task.seqLen }));
  model.add(tf.layers.lstm({ units: 64, recurrentActivation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 1, batchSize: 64, validationSplit: 0.1 },
  };
}
