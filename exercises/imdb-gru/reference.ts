/**
 * Reference solution for imdb-gru: embedding, one GRU layer reading the review, sigmoid.
 * Written for this exercise. It must pass the threshold (checked by `npm run exercises:validate`).
 *
 * Parameters (664,833):
 *   embedding 10,000 x 64                                  = 640,000   -> 200x64
 *   GRU 64 on 64 inputs, 3 gates * (64*64 + 64*64 + 64)    =  24,768   -> 64
 *   dense 64 + 1 sigmoid                                   =      65
 *
 * Two epochs: after one, the GRU's test accuracy moved 82.1-87.0 % from seed to seed
 * (calibration, 2026-12-03, σ 2.5 points); after two, 85.1-88.0 % (σ 1.5).
 *
 * Why a GRU: its update gate lets the state carry a word's evidence across many steps
 * unchanged. A plain SimpleRNN (the baseline) squashes its state through tanh at every step, so
 * the gradient from the label fades over 200 steps and it learns mostly from the last words.
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
  model.add(tf.layers.gru({ units: 64, recurrentActivation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.002 },
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 2, batchSize: 64, validationSplit: 0.1 },
  };
}
