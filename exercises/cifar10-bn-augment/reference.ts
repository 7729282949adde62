/**
 * Reference solution for cifar10-bn-augment: the guide's CNN (cifar10-cnn's reference) with
 * three changes that make the same three epochs go further, reliably. It must pass the threshold (checked
 * by `npm run exercises:validate`).
 *
 *   - Batch normalisation after every convolution, before the ReLU. Each layer then sees inputs
 *     of a stable scale whatever the layers below are doing, so the same Adam steps make more
 *     progress. The convolutions drop their bias: the normalisation's own offset replaces it.
 *     Its running averages (used at test time) follow the weights with momentum 0.9 rather
 *     than the default 0.99, which lags behind in a training this short.
 *   - A random horizontal flip of the training images (a mirrored cat is still a cat), so the
 *     network sees twice as many distinct images. Validation and test images are never changed.
 *   - A cosine learning-rate schedule: with a constant rate this network reached 56.4 % with
 *     seed 1 and 65.9 % with seed 2 (validation swung between epochs); annealed to zero over
 *     the three epochs, 66.3 % and 66.8 %.
 *
 * What was tried on the full data (native engine, one seed each, 2026-12-03): normalising the
 * hidden dense layer too, at a learning rate of 0.001 or 0.002, peaked at 64-67 % validation
 * accuracy after epoch 2 and fell to 57-59 % after epoch 3 (56.7-58.4 % test); adding a random
 * crop after 2 pixels of padding to this model reached 63.0 % test against 64.6 % without: three
 * epochs are too few for the harder crops to pay off.
 *
 * Parameters (123,050 in total; the running mean and variance count, trainable or not):
 *   conv2d 32 @ 3x3 on 3 channels, no bias   3*3*3*32     =    864   -> 30x30x32
 *   batch norm 32                            4*32         =    128
 *   max-pool 2                                                    -> 15x15x32
 *   conv2d 64 @ 3x3 on 32, no bias           3*3*32*64    = 18,432   -> 13x13x64
 *   batch norm 64                            4*64         =    256
 *   max-pool 2                                                    ->  6x6x64
 *   conv2d 64 @ 3x3 on 64, no bias           3*3*64*64    = 36,864   ->  4x4x64
 *   batch norm 64                            4*64         =    256
 *   flatten                                                       ->  1,024
 *   dense 64                                 1024*64 + 64 = 65,600
 *   dropout 0.5
 *   dense 10 softmax                         64*10 + 10   =    650
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();
  const normalisedConv = (filters: number, first: boolean) => {
    model.add(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        useBias: false,
        ...(first ? { inputShape: task.inputShape } : {}),
      }),
    );
    model.add(tf.layers.batchNormalization({ momentum: 0.9 }));
    model.add(tf.layers.activation({ activation: 'relu' }));
  };
  normalisedConv(32, true);
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  normalisedConv(64, false);
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  normalisedConv(64, false);
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    fit: {
      epochs: 3,
      batchSize: 64,
      validationSplit: 0.1,
      augment: { horizontalFlip: true, cropPadding: 0 },
      learningRateSchedule: 'cosine',
    },
  };
}
