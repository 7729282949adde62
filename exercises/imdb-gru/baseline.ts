/**
 * Baseline for imdb-gru: a model that must FAIL the threshold (checked by
 * `npm run exercises:validate`).
 *
 * The same model with an ungated recurrent layer (648,321 parameters):
 *   embedding 10,000 x 64                        = 640,000
 *   SimpleRNN 64 on 64 inputs 64*64 + 64*64 + 64 =   8,256
 *   dense 64 + 1                                 =      65
 * A SimpleRNN passes its state through tanh at every one of the 200 steps; the gradient that
 * reaches the early words fades, so it learns little beyond the end of each review.
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
  model.add(tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 64, inputLength: task.seqLen }));
  model.add(tf.layers.simpleRNN({ units: 64 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.002 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 1, batchSize: 64, validationSplit: 0.1 },
  };
}
