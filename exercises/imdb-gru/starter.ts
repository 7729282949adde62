/**
 * Starter for the imdb-gru exercise.
 *
 * Valid as it stands and accepted by the grader, but it reads the review with an ungated
 * SimpleRNN (160,545 parameters: embedding 10,000 x 16, SimpleRNN 16, dense), which forgets
 * the early words. Replace the TODOs.
 *
 * Contract: `build(tf, task)` runs in a sandbox with only `tf` (no imports, no data) and returns
 * `{ model, compile, fit }`. `task.inputShape` is [200]: word ids (0 = padding, 1 = start,
 * 2 = out of vocabulary); labels are 0 or 1 for one sigmoid unit and `binaryCrossentropy`.
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
  model.add(tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 16, inputLength: task.seqLen }));
  // TODO: a gated recurrent layer keeps evidence across many steps (tf.layers.gru, tf.layers.lstm,
  // optionally inside tf.layers.bidirectional).
  model.add(tf.layers.simpleRNN({ units: 16 }));
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
