/**
 * DepthwiseConv2dNativeBackpropFilter / BackpropInput, which the stock wasm backend lacks:
 * direct loops in JS on the wasm heap (small kernels, memory-bound).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { asFloat, f32, Scratch, type Args } from './common.js';
export function depthwiseBackpropFilter(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outChannels: CM, outHeight: oh, outWidth: ow } = info;
  const {
    strideHeight: sh,
    strideWidth: sw,
    filterHeight: kh,
    filterWidth: kw,
    dilationHeight: dh,
    dilationWidth: dw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const M = CM / C;
  const s = new Scratch(backend);
  const xf = asFloat(s, x);
  const dyf = asFloat(s, dy);
  const out = backend.makeOutput([kh, kw, C, M], 'float32');
  const X = f32(backend, xf);
  const G = f32(backend, dyf);
  const D = f32(backend, out);
  D.fill(0);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const dO = (i * kw + j) * CM;
      for (let n = 0; n < N; n++) {
        for (let yr = 0; yr < oh; yr++) {
          const xr = yr * sh - top + i * dh;
          if (xr < 0 || xr >= H) continue;
          for (let yc = 0; yc < ow; yc++) {
            const xc = yc * sw - left + j * dw;
            if (xc < 0 || xc >= W) continue;
            const xo = ((n * H + xr) * W + xc) * C;
            const go = ((n * oh + yr) * ow + yc) * CM;
            for (let c = 0; c < C; c++) {
              const xv = X[xo + c];
              const b = c * M;
              for (let m = 0; m < M; m++) D[dO + b + m] += xv * G[go + b + m];
            }
          }
        }
      }
    }
  }
  s.finish(out);
  return out;
}

export function depthwiseBackpropInput(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outChannels: CM, outHeight: oh, outWidth: ow } = info;
  const {
    strideHeight: sh,
    strideWidth: sw,
    filterHeight: kh,
    filterWidth: kw,
    dilationHeight: dh,
    dilationWidth: dw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const M = CM / C;
  const s = new Scratch(backend);
  const dyf = asFloat(s, dy);
  const ff = asFloat(s, filter);
  const out = backend.makeOutput(inputShape, 'float32');
  const G = f32(backend, dyf);
  const Fw = f32(backend, ff);
  const D = f32(backend, out);
  D.fill(0);
  // Scatter each output gradient back through the filter taps.
  for (let n = 0; n < N; n++) {
    for (let yr = 0; yr < oh; yr++) {
      for (let i = 0; i < kh; i++) {
        const xr = yr * sh - top + i * dh;
        if (xr < 0 || xr >= H) continue;
        for (let yc = 0; yc < ow; yc++) {
          const go = ((n * oh + yr) * ow + yc) * CM;
          for (let j = 0; j < kw; j++) {
            const xc = yc * sw - left + j * dw;
            if (xc < 0 || xc >= W) continue;
            const dO = ((n * H + xr) * W + xc) * C;
            const fo = (i * kw + j) * CM;
            for (let c = 0; c < C; c++) {
              const b = c * M;
              let acc = 0;
              for (let m = 0; m < M; m++) acc += G[go + b + m] * Fw[fo + b + m];
              D[dO + c] += acc;
            }
          }
        }
      }
    }
  }
  s.finish(out);
  return out;
}
