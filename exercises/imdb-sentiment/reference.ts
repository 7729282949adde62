/**
 * Reference solution for imdb-sentiment: the LSTM from section 4.2 of the Chinese career
 * guide, written in TensorFlow.js. It must pass the exercise's threshold (checked by
 * `npm run exercises:validate`).
 *
 * Differences from the guide's Keras script, and why:
 *   - sequence length: 200 tokens instead of 500 (the exercise's `task.seqLen`), so that an
 *     LSTM epoch stays affordable on a CPU; most reviews are shorter than that anyway
 *     (median ~180 tokens) and longer ones keep their last 200 tokens;
 *   - epochs: 2 instead of 3, for the same reason: an LSTM steps through the 200 positions one
 *     after another, which makes it the slowest model here on a CPU. One epoch is not enough
 *     to be sure of the threshold: on the native engine seeds 1, 2 and 3 reached 84.0-84.4 %
 *     after it, and seed 1234 76.6 % (2026-12-03); the second epoch steadies it;
 *   - recurrentActivation 'sigmoid': TensorFlow 2's Keras default, which the guide relies
 *     on (tfjs-layers would otherwise use 'hardSigmoid');
 *   - validation: 10 % of the training data, not the test split.
 *
 * Parameters (1,329,473 in total):
 *   embedding 10,000 x 128                        1,280,000
 *   lstm 64 on 128 inputs  4 * (128*64 + 64*64 + 64) = 49,408
 *   dense 1 sigmoid        64 + 1                 =        65
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
    fit: { epochs: 2, batchSize: 64, validationSplit: 0.1 },
  };
}
