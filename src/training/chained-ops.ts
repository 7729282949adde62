/**
 * Tensor method ("chained") ops such as `t.flatten()` or `t.mul(x)`.
 *
 * tfjs-core's Node bundle (dist/tf-core.node.js, what `import` resolves to)
 * does not install them, and its ESM registration file cannot be imported
 * from Node (extension-less relative imports). tfjs-layers calls some of
 * them internally (the Orthogonal initializer of LSTM layers calls
 * `.flatten()`), so we install the same methods here: each forwards to the
 * op of the same name with the tensor as first argument.
 */
import * as tf from '@tensorflow/tfjs-core';

const SIMPLE = (
  'abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh avgPool batchToSpaceND broadcastTo cast ceil ' +
  'clipByValue conv1d conv2d conv2dTranspose cos cosh cumprod cumsum depthToSpace depthwiseConv2d dilation2d div ' +
  'divNoNan dot elu equal erf euclideanNorm exp expandDims expm1 fft floor floorDiv gather greater greaterEqual ifft irfft ' +
  'isFinite isInf isNaN leakyRelu less lessEqual localResponseNormalization log log1p logSigmoid logSoftmax logSumExp ' +
  'logicalAnd logicalNot logicalOr logicalXor matMul max maxPool maximum mean min minimum mirrorPad mod mul neg norm ' +
  'notEqual oneHot onesLike pad pool pow prelu prod reciprocal relu relu6 reshape reverse rfft round rsqrt selu ' +
  'separableConv2d sigmoid sign sin sinh slice softmax softplus spaceToBatchND split sqrt square squaredDifference squeeze ' +
  'step stridedSlice sub sum tan tanh tile topk transpose unique unsortedSegmentSum unstack zerosLike'
).split(' ');

type Proto = Record<string, unknown>;
let installed = false;

export function installChainedOps(): void {
  if (installed) return;
  installed = true;
  const proto = tf.Tensor.prototype as unknown as Proto;
  const ops = tf as unknown as Record<string, (...a: unknown[]) => tf.Tensor>;
  const define = (name: string, fn: (this: tf.Tensor, ...a: unknown[]) => unknown) => {
    if (typeof proto[name] !== 'function')
      Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  };
  for (const name of SIMPLE) {
    const op = name === 'batchnorm' ? ops.batchNorm : ops[name];
    if (typeof op === 'function')
      define(name, function (...a) {
        return op(this, ...a);
      });
  }
  // Methods whose receiver is not simply the first argument of the op.
  define('concat', function (x, axis) {
    return tf.concat([this, ...(Array.isArray(x) ? x : [x])] as tf.Tensor[], axis as number);
  });
  define('stack', function (x, axis) {
    return tf.stack([this, ...(Array.isArray(x) ? x : [x])] as tf.Tensor[], axis as number);
  });
  define('where', function (cond, b) {
    return tf.where(cond as tf.Tensor, this, b as tf.Tensor);
  });
  define('batchNorm', function (...a) {
    return ops.batchNorm(this, ...a);
  });
  define('flatten', function () {
    return tf.reshape(this, [this.size]);
  });
  define('asScalar', function () {
    return tf.reshape(this, []);
  });
  define('as1D', function () {
    return tf.reshape(this, [this.size]);
  });
  define('as2D', function (r, c) {
    return tf.reshape(this, [r as number, c as number]);
  });
  define('as3D', function (r, c, d) {
    return tf.reshape(this, [r, c, d] as number[]);
  });
  define('as4D', function (r, c, d, e) {
    return tf.reshape(this, [r, c, d, e] as number[]);
  });
  define('as5D', function (r, c, d, e, f) {
    return tf.reshape(this, [r, c, d, e, f] as number[]);
  });
  define('asType', function (dtype) {
    return tf.cast(this, dtype as tf.DataType);
  });
  define('toBool', function () {
    return tf.cast(this, 'bool');
  });
  define('toFloat', function () {
    return tf.cast(this, 'float32');
  });
  define('toInt', function () {
    return tf.cast(this, 'int32');
  });
  define('reshapeAs', function (x) {
    return tf.reshape(this, (x as tf.Tensor).shape);
  });
}

installChainedOps();
