/**
 * MaxPoolGrad: one pass over the pooling windows in JS on the wasm heap, routing each output
 * gradient to the first maximum of its window (the cpu backend's tie rule); the stock kernel
 * is a slower scalar loop.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { asFloat, f32, Scratch, type Args } from './common.js';
export function maxPoolGrad(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const input = inputs.input as TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const s = new Scratch(backend);
  const xf = asFloat(s, input);
  const dyf = asFloat(s, dy);
  const dx = backend.makeOutput(input.shape, 'float32');
  const X = f32(backend, xf);
  const G = f32(backend, dyf);
  const D = f32(backend, dx);
  D.fill(0);
  const pMax = oh > 0 ? (oh - 1) * sh - top + fh : 0;
  const qMax = ow > 0 ? (ow - 1) * sw - left + fw : 0;
  if (sh === fh && sw === fw && top === 0 && left === 0 && pMax <= H && qMax <= W) {
    // Non-overlapping windows inside the input (the usual 2×2/2 pooling):
    // each input element belongs to at most one window, so assign directly.
    if (fh === 2 && fw === 2) {
      const o01 = C;
      const o10 = W * C;
      const o11 = W * C + C;
      let go2 = 0;
      for (let n = 0; n < N; n++) {
        for (let yr = 0; yr < oh; yr++) {
          for (let yc = 0; yc < ow; yc++) {
            const base = ((n * H + yr * 2) * W + yc * 2) * C;
            for (let d = 0; d < C; d++, go2++) {
              const a = base + d;
              let m = X[a];
              let w = m > -Infinity ? a : -1;
              let v = X[a + o01];
              if (v > m || (w < 0 && v > -Infinity)) {
                m = v;
                w = a + o01;
              }
              v = X[a + o10];
              if (v > m || (w < 0 && v > -Infinity)) {
                m = v;
                w = a + o10;
              }
              v = X[a + o11];
              if (v > m || (w < 0 && v > -Infinity)) {
                m = v;
                w = a + o11;
              }
              if (w >= 0) D[w] = G[go2];
            }
          }
        }
      }
      s.finish(dx);
      return dx;
    }
    const taps = new Int32Array(fh * fw);
    for (let r = 0; r < fh; r++) for (let c = 0; c < fw; c++) taps[r * fw + c] = (r * W + c) * C;
    const T = taps.length;
    let go = 0;
    for (let n = 0; n < N; n++) {
      for (let yr = 0; yr < oh; yr++) {
        for (let yc = 0; yc < ow; yc++) {
          const base = ((n * H + yr * sh) * W + yc * sw) * C;
          for (let d = 0; d < C; d++, go++) {
            let m = -Infinity;
            let w = -1;
            for (let t = 0; t < T; t++) {
              const at = base + taps[t] + d;
              const v = X[at];
              if (v > m) {
                m = v;
                w = at;
              }
            }
            if (w >= 0) D[w] = G[go];
          }
        }
      }
    }
    s.finish(dx);
    return dx;
  }
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let n = 0; n < N; n++) {
    for (let yr = 0; yr < oh; yr++) {
      const r0 = yr * sh - top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(H, r0 + fh);
      for (let yc = 0; yc < ow; yc++) {
        const c0 = yc * sw - left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(W, c0 + fw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rMin; r < rMax; r++) {
          for (let c = cMin; c < cMax; c++) {
            const base = ((n * H + r) * W + c) * C;
            for (let d = 0; d < C; d++) {
              const v = X[base + d];
              if (v > best[d]) {
                best[d] = v;
                where[d] = base + d;
              }
            }
          }
        }
        const go = ((n * oh + yr) * ow + yc) * C;
        for (let d = 0; d < C; d++) {
          const w = where[d];
          if (w >= 0) D[w] += G[go + d];
        }
      }
    }
  }
  s.finish(dx);
  return dx;
}
