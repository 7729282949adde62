/** Conv2DBackpropFilter and Conv2DBackpropInput as forward XNNPACK convolutions. */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { asFloat, channelsLast, f32, runStock, Scratch, type Args } from './common.js';

/**
 * dW as a forward convolution (XNNPACK) of the input with batch and channels swapped
 * ([C,H,W,N]) by the output gradient as the filter ([oh,ow,N,F]), dilation = stride; the result
 * [C,kh,kw,F] is transposed to [kh,kw,C,F].
 */
export function conv2DBackpropFilter(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (!channelsLast(dataFormat)) throw new Error(`wasm Conv2DBackpropFilter supports only NHWC, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inChannels: C, outChannels: F } = info;
  const { inHeight: H, inWidth: W, outHeight: oh, outWidth: ow, padInfo } = info;
  const s = new Scratch(backend);
  const xf = asFloat(s, x);
  const dyf = asFloat(s, dy);
  const xT = s.run('Transpose', { x: xf }, { perm: [3, 1, 2, 0] }); // [C,H,W,N]
  const dyT = s.run('Transpose', { x: dyf }, { perm: [1, 2, 0, 3] }); // [oh,ow,N,F]
  // Output rows of the convolution: H + top + bottom − (oh − 1)·sh ≥ kh.
  // Rows beyond kh come from input rows the forward pass never reached; drop
  // them by trimming the bottom/right padding first, then by slicing.
  let bottom = padInfo.bottom;
  let right = padInfo.right;
  let outH = H + padInfo.top + bottom - (oh - 1) * sh;
  let outW = W + padInfo.left + right - (ow - 1) * sw;
  const cutH = Math.min(outH - kh, bottom);
  bottom -= cutH;
  outH -= cutH;
  const cutW = Math.min(outW - kw, right);
  right -= cutW;
  outW -= cutW;
  let r = s.run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    dilations: [sh, sw],
    pad: [
      [0, 0],
      [padInfo.top, bottom],
      [padInfo.left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dimRoundingMode: undefined as unknown as string,
  } as unknown as NamedAttrMap); // [C,outH,outW,F]
  if (outH !== kh || outW !== kw) {
    r = s.run('Slice', { x: r }, { begin: [0, 0, 0, 0], size: [C, kh, kw, F] });
  }
  const out = s.run('Transpose', { x: r }, { perm: [1, 2, 0, 3] }); // [kh,kw,C,F]
  return s.finish(out);
}

/**
 * dx as a forward convolution of the output gradient (dilated by the stride when stride > 1)
 * with the filter rotated 180° and its in/out channels swapped, padded by kernel − 1 − forward
 * padding.
 */
export function conv2DBackpropInput(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  // The stock kernel (a scalar loop) takes what these formulations do not: NCHW, and explicit
  // padding larger than the kernel.
  if (!channelsLast(dataFormat)) return runStock('Conv2DBackpropInput', args);
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inChannels: C, outChannels: F } = info;
  const { batchSize: N, inHeight: H, inWidth: W, outHeight: oh, outWidth: ow, padInfo } = info;
  const Hd = (oh - 1) * sh + 1;
  const Wd = (ow - 1) * sw + 1;
  const pt = kh - 1 - padInfo.top;
  const pl = kw - 1 - padInfo.left;
  const pb = H - Hd + padInfo.top;
  const pr = W - Wd + padInfo.left;
  if (pt < 0 || pl < 0 || pb < 0 || pr < 0) return runStock('Conv2DBackpropInput', args);
  const s = new Scratch(backend);
  const dyf = asFloat(s, dy);
  const ff = asFloat(s, filter);
  // Rotated, channel-swapped filter: w'[i,j,f,c] = w[kh-1-i, kw-1-j, c, f].
  const wr = s.track(backend.makeOutput([kh, kw, F, C], 'float32'));
  {
    const src = f32(backend, ff);
    const dst = f32(backend, wr);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const so = ((kh - 1 - i) * kw + (kw - 1 - j)) * C * F;
        const dO = (i * kw + j) * F * C;
        for (let c = 0; c < C; c++) {
          for (let f = 0; f < F; f++) dst[dO + f * C + c] = src[so + c * F + f];
        }
      }
    }
  }
  let g = dyf;
  if (sh > 1 || sw > 1) {
    g = s.track(backend.makeOutput([N, Hd, Wd, F], 'float32'));
    const src = f32(backend, dyf);
    const dst = f32(backend, g);
    dst.fill(0);
    for (let n = 0; n < N; n++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const so = ((n * oh + y) * ow + x) * F;
          const dO = ((n * Hd + y * sh) * Wd + x * sw) * F;
          dst.set(src.subarray(so, so + F), dO);
        }
      }
    }
  }
  const out = s.run('Conv2D', { x: g, filter: wr }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [
      [0, 0],
      [pt, pb],
      [pl, pr],
      [0, 0],
    ],
    dataFormat: 'NHWC',
  } as unknown as NamedAttrMap);
  return s.finish(out);
}
