/**
 * Starter for the imdb-sentiment exercise.
 *
 * This file is valid as it stands: the grader accepts the model it returns, but the model is
 * deliberately under-powered. Replace the TODOs.
 *
 * Contract: the grader calls `build(tf, task)` inside a sandbox and trains what you return.
 *   - `tf` is the TensorFlow.js API (`tf.sequential`, `tf.layers.*`, ...). Nothing else is
 *     available: no network, no file system, no data. Do not import anything.
 *   - `task` describes the data: each review is `seqLen` (200) integer token ids, so
 *     `inputShape` is [200]; ids run from 0 to `vocabSize - 1` (10,000 words), with
 *     0 = padding, 1 = start of review, 2 = word outside the vocabulary.
 *     `numClasses` is 2 and `output` is 'sigmoid': end with ONE sigmoid unit that gives the
 *     probability that the review is positive. Labels arrive as 0 (negative) or 1 (positive).
 *   - Return `{ model, compile, fit }`: an uncompiled tf.LayersModel, the options for
 *     `model.compile` (optimizer as `{ name, learningRate }`), and the options for training
 *     (`epochs`, `batchSize`, `validationSplit`).
 */

/** What build() receives for this exercise. */
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

  // TODO: 4 numbers per word is very little room to encode what a word means. Size the
  // embedding against the parameter budget.
  model.add(tf.layers.embedding({ inputDim: task.vocabSize, outputDim: 4, inputLength: task.seqLen }));

  // TODO: averaging over the whole sequence ignores word order. Decide whether your model
  // needs order (a recurrent layer) or whether a bag of words is enough.
  model.add(tf.layers.globalAveragePooling1d());

  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.0005 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    },
    // TODO: one epoch at this learning rate is rarely enough; choose epochs, batch size and
    // learning rate within the budget.
    fit: { epochs: 1, batchSize: 64, validationSplit: 0.1 },
  };
}
