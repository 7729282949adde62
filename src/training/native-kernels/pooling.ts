/** MaxPool and MaxPoolGrad (NHWC) on oneDNN; column sums (bias gradients) hand-written (double sums). */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { isFloat, view, type Args } from './common.js';
import { leadingReduction, reducedShape } from '../leading-reduction.js';

type Shape4 = [number, number, number, number];

/** The 14 numbers of native/src/ops.h's PoolGeometry, or null for what oneDNN would see differently. */
function poolGeometry(xShape: number[], attrs: tf.MaxPoolAttrs): Int32Array | null {
  if (xShape.length !== 4) return null;
  const i = backend_util.computePool2DInfo(
    xShape as Shape4,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { top, left, bottom, right } = i.padInfo;
  const fits = (n: number, k: number, s: number, p0: number, p1: number, out: number) =>
    p0 >= 0 && p1 >= 0 && p0 < k && p1 < k && out > 0 && Math.floor((n + p0 + p1 - k) / s) + 1 === out;
  if (
    i.batchSize === 0 ||
    i.inChannels === 0 ||
    !fits(i.inHeight, i.filterHeight, i.strideHeight, top, bottom, i.outHeight) ||
    !fits(i.inWidth, i.filterWidth, i.strideWidth, left, right, i.outWidth)
  )
    return null;
  return Int32Array.from([
    i.batchSize,
    i.inHeight,
    i.inWidth,
    i.inChannels,
    i.filterHeight,
    i.filterWidth,
    i.outHeight,
    i.outWidth,
    i.strideHeight,
    i.strideWidth,
    top,
    left,
    bottom,
    right,
  ]);
}

export function maxPool(addon: NativeAddon, args: Args): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (!isFloat(x)) return null;
  const g = poolGeometry(x.shape, attrs as unknown as tf.MaxPoolAttrs);
  if (!g) return null;
  const y = backend.makeOutput([g[0], g[6], g[7], g[3]], 'float32');
  addon.maxPool(view(backend, x), view(backend, y), g);
  return y;
}

export function maxPoolGrad(addon: NativeAddon, args: Args): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const x = inputs.input as TensorInfo;
  if (!isFloat(dy, x)) return null;
  const g = poolGeometry(x.shape, attrs as unknown as tf.MaxPoolAttrs);
  if (!g || [g[0], g[6], g[7], g[3]].some((d, k) => d !== dy.shape[k])) return null;
  const dx = backend.makeOutput(x.shape, 'float32');
  addon.maxPoolGrad(view(backend, x), view(backend, dy), view(backend, dx), g);
  return dx;
}

/** Sum over the leading axes (bias gradients: [N,H,W,C] over N,H,W); other sums fall back. */
export function sum(addon: NativeAddon, args: Args): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const reduction = leadingReduction(x.shape, axis);
  if (!reduction || !isFloat(x)) return null;
  const { rows, cols } = reduction;
  if (rows === 0 || cols === 0) return null;
  const out = backend.makeOutput(reducedShape(reduction, keepDims), 'float32');
  addon.sumRows(view(backend, x), view(backend, out), rows, cols);
  return out;
}
