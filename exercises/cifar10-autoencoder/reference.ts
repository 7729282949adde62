/**
 * Reference solution for cifar10-autoencoder, written for this exercise: it must pass (checked by
 * `npm run exercises:validate`).
 *
 * Encoder: two 3×3 convolutions, each followed by 2×2 max pooling, down to an 8×8×8 code
 * (512 values, a sixth of the 3,072 in an image). Decoder: a transposed convolution with stride 2
 * (learned upsampling, 8×8 → 16×16), then nearest-neighbour upsampling (16×16 → 32×32) and a 3×3
 * convolution to three sigmoid channels, so outputs lie in 0..1 like the pixels.
 *
 *   conv2d 16 @ 3x3 on 3 channels            3*3*3*16 + 16   =   448   -> 32x32x16, pool -> 16x16x16
 *   conv2d 8 @ 3x3 on 16 channels            3*3*16*8 + 8    = 1,160   -> 16x16x8,  pool ->  8x8x8 (code)
 *   conv2dTranspose 16 @ 3x3, stride 2       3*3*8*16 + 16   = 1,168   -> 16x16x16
 *   upSampling2d 2                                                     -> 32x32x16
 *   conv2d 3 @ 3x3 on 16 channels, sigmoid   3*3*16*3 + 3    =   435   -> 32x32x3
 *   total                                                      3,211
 */

interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
  maxCodeSize: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: task.inputShape }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.upSampling2d({ size: [2, 2] }));
  model.add(tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'sigmoid' }));

  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.002 }, loss: 'meanSquaredError' },
    fit: { epochs: 3, batchSize: 64, validationSplit: 0.1 },
  };
}
