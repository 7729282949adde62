/** Conv2D, FusedConv2D and both convolution gradients on oneDNN (NHWC, float32). */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { activationCode, isFloat, view, type Args } from './common.js';

type Shape4 = [number, number, number, number];

/**
 * The 17 numbers native/src/ops.h's ConvGeometry takes, or null when oneDNN would see it
 * differently from tfjs (NCHW, a rounding mode whose padding does not reproduce the output
 * size, empty tensors): those calls go to the fallback.
 */
export function convGeometry(
  xShape: Shape4,
  filterShape: Shape4,
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  dataFormat: unknown,
): Int32Array | null {
  if (!(dataFormat === undefined || dataFormat === 'NHWC' || dataFormat === 'channelsLast')) return null;
  const i = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, left, bottom, right } = i.padInfo;
  const fits = (inDim: number, k: number, d: number, s: number, p0: number, p1: number, out: number) =>
    p0 >= 0 && p1 >= 0 && out > 0 && Math.floor((inDim + p0 + p1 - ((k - 1) * d + 1)) / s) + 1 === out;
  if (
    i.batchSize === 0 ||
    i.inChannels === 0 ||
    i.outChannels === 0 ||
    !fits(i.inHeight, i.filterHeight, i.dilationHeight, i.strideHeight, top, bottom, i.outHeight) ||
    !fits(i.inWidth, i.filterWidth, i.dilationWidth, i.strideWidth, left, right, i.outWidth)
  )
    return null;
  return Int32Array.from([
    i.batchSize,
    i.inHeight,
    i.inWidth,
    i.inChannels,
    i.outChannels,
    i.filterHeight,
    i.filterWidth,
    i.outHeight,
    i.outWidth,
    i.strideHeight,
    i.strideWidth,
    i.dilationHeight,
    i.dilationWidth,
    top,
    left,
    bottom,
    right,
  ]);
}

const outShape = (g: Int32Array): number[] => [g[0], g[7], g[8], g[4]];

function forward(addon: NativeAddon, args: Args, fused: boolean): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const bias = fused ? (inputs.bias as TensorInfo | undefined) : undefined;
  const a = attrs as unknown as tf.FusedConv2DAttrs;
  const act = fused ? activationCode(a.activation) : 0;
  if (act === null || inputs.preluActivationWeights || !isFloat(x, filter, bias)) return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return null;
  const g = convGeometry(
    x.shape as Shape4,
    filter.shape as Shape4,
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    a.dataFormat,
  );
  if (!g || (bias && tf.util.sizeFromShape(bias.shape) !== g[4])) return null;
  const out = backend.makeOutput(outShape(g), 'float32');
  addon.conv2dForward(
    view(backend, x),
    view(backend, filter),
    bias ? view(backend, bias) : null,
    view(backend, out),
    g,
    act,
    a.leakyreluAlpha ?? 0.2,
  );
  return out;
}

export const conv2D = (addon: NativeAddon, args: Args) => forward(addon, args, false);
export const fusedConv2D = (addon: NativeAddon, args: Args) => forward(addon, args, true);

export function conv2DBackpropInput(addon: NativeAddon, args: Args): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (!isFloat(dy, filter) || filter.shape.length !== 4 || dy.shape.length !== 4) return null;
  const g = convGeometry(a.inputShape, filter.shape as Shape4, a.strides, 1, a.pad, a.dimRoundingMode, a.dataFormat);
  if (!g || outShape(g).some((d, k) => d !== dy.shape[k])) return null;
  const dx = backend.makeOutput(a.inputShape, 'float32');
  addon.conv2dBackwardData(view(backend, dy), view(backend, filter), view(backend, dx), g);
  return dx;
}

export function conv2DBackpropFilter(addon: NativeAddon, args: Args): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (!isFloat(x, dy) || x.shape.length !== 4 || dy.shape.length !== 4) return null;
  const g = convGeometry(x.shape as Shape4, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, a.dataFormat);
  if (!g || outShape(g).some((d, k) => d !== dy.shape[k])) return null;
  const dw = backend.makeOutput(a.filterShape, 'float32');
  addon.conv2dBackwardWeights(view(backend, x), view(backend, dy), view(backend, dw), g);
  return dw;
}
