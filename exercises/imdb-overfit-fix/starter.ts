/**
 * Starter for the imdb-overfit-fix exercise: the model from the statement, which overfits.
 *
 * Valid as it stands: the grader accepts it and trains it. It learns the training reviews
 * almost by heart (train accuracy near 100 %) while the test accuracy stays far behind, so it
 * fails on the train–test gap. Change it so that it generalises. Parameters:
 *   embedding 10,000 × 32                    320,000
 *   flatten 200 × 32 = 6,400 → dense 128     6,400*128 + 128 = 819,328
 *   dense 1 sigmoid                           128 + 1 = 129
 *   total                                     1,139,457
 *
 * Contract: the grader calls `build(tf, task)` inside a sandbox and trains what you return.
 *   - `tf` is the TensorFlow.js API (`tf.sequential`, `tf.layers.*`, ...). Do not import anything.
 *   - `task`: `inputShape` [200], `vocabSize` 10,000, `seqLen` 200, `numClasses` 2,
 *     `output` 'sigmoid' (labels 0 = negative, 1 = positive).
 *   - Return `{ model, compile, fit }`: an uncompiled tf.LayersModel, the options for
 *     `model.compile` (optimizer as `{ name, learningRate }`), and the training options.
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
  // TODO: a dense layer on every position of every word gives the model a weight for
  // "this word at this exact place in the review": easy to memorise, useless on new reviews.
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.002 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    },
    // TODO: watch the validation figures per epoch; how many of these epochs help?
    fit: { epochs: 6, batchSize: 64, validationSplit: 0.1 },
  };
}
