/**
 * Training kernels for the tfjs wasm backend (tfjs 4.22).
 *
 * The stock wasm backend has no `Conv2DBackpropFilter`, `UnsortedSegmentSum`,
 * `DepthwiseConv2dNativeBackpropFilter` or `DepthwiseConv2dNativeBackpropInput`
 * (checked with getKernelsForBackend: those four, plus complex/FFT, ragged,
 * string-regex, Einsum and Draw kernels that training does not use), and its
 * `Conv2DBackpropInput` and `MaxPoolGrad` are scalar loops.
 *
 * Why kernels and not gradient overrides: a kernel registered for the 'wasm'
 * backend only changes that backend (cpu and tfjs-node keep their own), it is
 * used by every op that reaches it (conv2dTranspose, fused conv gradients,
 * gather gradients...), and it can call the backend's other kernel functions
 * directly without creating engine tensors, so nothing is recorded on the
 * gradient tape and nothing can leak into the caller's scope.
 *
 * How:
 * - Conv2DBackpropFilter: a forward convolution (XNNPACK) of the input with
 *   batch and channels swapped ([C,H,W,N]) by the output gradient used as the
 *   filter ([oh,ow,N,F]) with dilation = stride; result [C,kh,kw,F] is
 *   transposed to [kh,kw,C,F].
 * - Conv2DBackpropInput: a forward convolution of the output gradient
 *   (dilated by the stride when stride > 1) with the filter rotated 180° and
 *   its in/out channels swapped, padded by kernel − 1 − forward padding.
 * - MaxPoolGrad: one pass over the pooling windows in JS on the wasm heap,
 *   routing each output gradient to the first maximum of its window (the same
 *   tie rule as the cpu backend).
 * - UnsortedSegmentSum, DepthwiseConv2dNativeBackpropFilter/Input: direct
 *   loops in JS on the wasm heap (these are memory-bound or small).
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

/** Kernels this module registers (or replaces) on the wasm backend. */
export const WASM_TRAINING_KERNELS = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'UnsortedSegmentSum',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'BatchMatMul',
  '_FusedMatMul',
  'Sum',
  'Conv2D',
  'FusedConv2D',
  'Slice',
  'Unpack',
  'GatherV2',
] as const;

/** Stock wasm kernels we replace, kept for the cases we hand back to them. */
const stock = new Map<string, KernelFunc>();

function kernel(name: string): KernelFunc {
  const cfg = tf.getKernel(name, 'wasm');
  if (!cfg) throw new Error(`wasm backend has no ${name} kernel`);
  return cfg.kernelFunc;
}

/** Runs other wasm kernels and frees their intermediates. */
class Scratch {
  private temps: TensorInfo[] = [];
  constructor(readonly backend: BackendWasm) {}
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const out = kernel(name)({ inputs, backend: this.backend, attrs }) as TensorInfo;
    this.temps.push(out);
    return out;
  }
  track(t: TensorInfo): TensorInfo {
    this.temps.push(t);
    return t;
  }
  /** Remove `keep` from the temporaries, free the rest, return `keep`. */
  finish(keep: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    this.temps = [];
    return keep;
  }
}

function f32(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

function asFloat(s: Scratch, t: TensorInfo): TensorInfo {
  return t.dtype === 'float32' ? t : s.run('Cast', { x: t }, { dtype: 'float32' });
}

function channelsLast(dataFormat: unknown): boolean {
  return dataFormat === undefined || dataFormat === 'NHWC' || dataFormat === 'channelsLast';
}

// ---------------------------------------------------------------------------
// Conv2DBackpropFilter

function conv2DBackpropFilter(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (!channelsLast(dataFormat)) throw new Error(`wasm Conv2DBackpropFilter supports only NHWC, got ${dataFormat}`);
  if (convStrategy === 'im2col' || convStrategy === 'hybrid') {
    const r = conv2DBackpropFilterIm2col(args);
    if (r) return r;
  }
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

// ---------------------------------------------------------------------------
// Conv2DBackpropInput

function conv2DBackpropInput(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const fallback = stock.get('Conv2DBackpropInput');
  if (!channelsLast(dataFormat)) {
    if (fallback) return fallback(args as never) as TensorInfo;
    throw new Error(`wasm Conv2DBackpropInput supports only NHWC, got ${dataFormat}`);
  }
  if (convStrategy === 'im2col') {
    const r = conv2DBackpropInputIm2col(args);
    if (r) return r;
  }
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
  if (pt < 0 || pl < 0 || pb < 0 || pr < 0) {
    if (fallback) return fallback(args as never) as TensorInfo;
    throw new Error('wasm Conv2DBackpropInput: padding larger than the kernel is not supported');
  }
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

// ---------------------------------------------------------------------------
// MaxPoolGrad

function maxPoolGrad(args: Args): TensorInfo {
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

// ---------------------------------------------------------------------------
// UnsortedSegmentSum

function unsortedSegmentSum(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const numSegments = (attrs as unknown as tf.UnsortedSegmentSumAttrs).numSegments;
  const idsCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(segmentIds.shape.length);
  const innerSize = inner.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...inner], x.dtype);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  dst.fill(0);
  for (let i = 0; i < idsCount; i++) {
    const id = ids[i] as number;
    if (!(id >= 0 && id < numSegments)) continue; // TF drops out-of-range ids
    const so = i * innerSize;
    const dO = id * innerSize;
    for (let k = 0; k < innerSize; k++) dst[dO + k] += src[so + k];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Depthwise convolution gradients

function depthwiseBackpropFilter(args: Args): TensorInfo {
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

function depthwiseBackpropInput(args: Args): TensorInfo {
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

// ---------------------------------------------------------------------------
// Convolutions as im2col + matrix product
//
// XNNPACK's plain matrix product (~12 GMAC/s here) is as fast as its
// convolution, so a convolution and its gradients can also be computed by
// copying input patches into rows (im2col, plain JS on the wasm heap) and
// multiplying:
//   forward      y[P,F]  = cols[P,K] · W[K,F]          (K = kh·kw·C, P = N·oh·ow)
//   filter grad  dWᵀ[F,K] = dyᵀ[F,P] · cols[P,K]
//   input grad   dcols[P,K] = dy[P,F] · Wᵀ[F,K], then col2im (scatter-add)
// `setConvStrategy('xnnpack')` switches back to the forward-convolution
// formulations above (kept, tested, and used where im2col does not apply).

export type ConvStrategy = 'xnnpack' | 'im2col' | 'hybrid';
let convStrategy: ConvStrategy = 'xnnpack';
/**
 * Choose how convolutions and their gradients run on wasm.
 * 'xnnpack' (default): forward pass and both gradients as XNNPACK
 * convolutions. 'im2col': all three as im2col + matrix product. 'hybrid':
 * filter gradient as transposed im2col · output gradient, the rest on
 * XNNPACK. Measured on whole training steps of the guide's CNN, alternating
 * strategies in one process: xnnpack 552, hybrid 514, im2col 479 img/s.
 * (Isolated kernel timings favour the matrix-product forms, but there
 * XNNPACK re-uses its packed right-hand operand between calls; in training
 * that operand is a new output gradient every step and is packed each time.)
 */
export function setConvStrategy(s: ConvStrategy): void {
  convStrategy = s;
}
export function getConvStrategy(): ConvStrategy {
  return convStrategy;
}

type ConvInfo = backend_util.Conv2DInfo;

/** cols[p, (i·kw + j)·C + c] = x[n, y·sh − top + i·dh, x·sw − left + j·dw, c] (0 outside). */
function im2col(backend: BackendWasm, x: TensorInfo, info: ConvInfo): TensorInfo {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: oh, outWidth: ow } = info;
  const {
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    filterHeight: kh,
    filterWidth: kw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = kh * kw * C;
  const P = N * oh * ow;
  const out = backend.makeOutput([1, P, K], 'float32');
  const X = f32(backend, x);
  const D = f32(backend, out);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        for (let i = 0; i < kh; i++) {
          const r = y * sh - top + i * dh;
          if (r < 0 || r >= H) {
            D.fill(0, o, o + kw * C);
            o += kw * C;
            continue;
          }
          const rowBase = (n * H + r) * W;
          for (let j = 0; j < kw; j++) {
            const c0 = xo * sw - left + j * dw;
            if (c0 < 0 || c0 >= W) {
              D.fill(0, o, o + C);
            } else {
              const src = (rowBase + c0) * C;
              for (let c = 0; c < C; c++) D[o + c] = X[src + c];
            }
            o += C;
          }
        }
      }
    }
  }
  return out;
}

/** Adjoint of im2col: dx[n, r, c0, c] += cols[p, (i·kw + j)·C + c]. */
function col2im(backend: BackendWasm, cols: TensorInfo, info: ConvInfo, inputShape: number[]): TensorInfo {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: oh, outWidth: ow } = info;
  const {
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    filterHeight: kh,
    filterWidth: kw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const out = backend.makeOutput(inputShape, 'float32');
  const S = f32(backend, cols);
  const D = f32(backend, out);
  D.fill(0);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        for (let i = 0; i < kh; i++) {
          const r = y * sh - top + i * dh;
          if (r < 0 || r >= H) {
            o += kw * C;
            continue;
          }
          const rowBase = (n * H + r) * W;
          for (let j = 0; j < kw; j++) {
            const c0 = xo * sw - left + j * dw;
            if (c0 >= 0 && c0 < W) {
              const dst = (rowBase + c0) * C;
              for (let c = 0; c < C; c++) D[dst + c] += S[o + c];
            }
            o += C;
          }
        }
      }
    }
  }
  return out;
}

function convInfoOf(xShape: number[], filterShape: number[], attrs: NamedAttrMap, dilations: unknown = 1): ConvInfo {
  const a = attrs as unknown as {
    strides: number | [number, number];
    pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    dilations as number | [number, number],
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** Transposed im2col: colsT[(i·kw + j)·C + c, p], so that dW = colsT · dy needs no transpose. */
function im2colT(backend: BackendWasm, x: TensorInfo, info: ConvInfo): TensorInfo {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: oh, outWidth: ow } = info;
  const {
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    filterHeight: kh,
    filterWidth: kw,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = kh * kw * C;
  const P = N * oh * ow;
  const out = backend.makeOutput([1, K, P], 'float32');
  const X = f32(backend, x);
  const D = f32(backend, out);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const rowBase = (i * kw + j) * C * P;
      let p = 0;
      for (let n = 0; n < N; n++) {
        for (let y = 0; y < oh; y++) {
          const r = y * sh - top + i * dh;
          if (r < 0 || r >= H) {
            for (let c = 0; c < C; c++) D.fill(0, rowBase + c * P + p, rowBase + c * P + p + ow);
            p += ow;
            continue;
          }
          const xRow = (n * H + r) * W;
          for (let xo = 0; xo < ow; xo++, p++) {
            const c0 = xo * sw - left + j * dw;
            if (c0 < 0 || c0 >= W) {
              for (let c = 0; c < C; c++) D[rowBase + c * P + p] = 0;
            } else {
              const src = (xRow + c0) * C;
              for (let c = 0; c < C; c++) D[rowBase + c * P + p] = X[src + c];
            }
          }
        }
      }
    }
  }
  return out;
}

function matmul(s: Scratch, a: TensorInfo, b: TensorInfo): TensorInfo {
  return s.track(
    stock.get('BatchMatMul')!({
      inputs: { a, b },
      backend: s.backend,
      attrs: { transposeA: false, transposeB: false },
    } as never) as TensorInfo,
  );
}

function conv2dIm2col(name: 'Conv2D' | 'FusedConv2D') {
  return (args: Args): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const orig = stock.get(name)!;
    const x = inputs.x as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const bias = inputs.bias as TensorInfo | undefined;
    const prelu = inputs.preluActivationWeights as TensorInfo | undefined;
    if (
      convStrategy !== 'im2col' ||
      !channelsLast(attrs.dataFormat) ||
      x.dtype !== 'float32' ||
      filter.dtype !== 'float32' ||
      (bias && bias.shape.length > 1) ||
      (prelu && prelu.shape.length > 1)
    ) {
      return orig(args as never) as TensorInfo;
    }
    const info = convInfoOf(x.shape, filter.shape, attrs, attrs.dilations);
    const {
      filterHeight: kh,
      filterWidth: kw,
      inChannels: C,
      outChannels: F,
      batchSize: N,
      outHeight: oh,
      outWidth: ow,
    } = info;
    const K = kh * kw * C;
    const s = new Scratch(backend);
    const cols = s.track(im2col(backend, x, info));
    const w = s.run('Reshape', { x: filter }, { shape: [1, K, F] });
    let y: TensorInfo;
    if (name === 'Conv2D') {
      y = matmul(s, cols, w);
    } else {
      const fused = stock.get('_FusedMatMul')!;
      const fin: NamedTensorInfoMap = { a: cols, b: w };
      if (bias) fin.bias = bias;
      if (prelu) fin.preluActivationWeights = prelu;
      y = s.track(
        fused({
          inputs: fin,
          backend,
          attrs: {
            transposeA: false,
            transposeB: false,
            activation: attrs.activation,
            leakyreluAlpha: attrs.leakyreluAlpha,
          },
        } as never) as TensorInfo,
      );
    }
    const out = s.run('Reshape', { x: y }, { shape: [N, oh, ow, F] });
    return s.finish(out);
  };
}

function conv2DBackpropFilterIm2col(args: Args): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const info = convInfoOf(x.shape, attrs.filterShape as number[], attrs);
  const {
    filterHeight: kh,
    filterWidth: kw,
    inChannels: C,
    outChannels: F,
    batchSize: N,
    outHeight: oh,
    outWidth: ow,
  } = info;
  const P = N * oh * ow;
  const s = new Scratch(backend);
  const colsT = s.track(im2colT(backend, x, info)); // [1,K,P], K = kh·kw·C
  const dy2 = s.run('Reshape', { x: dy }, { shape: [1, P, F] });
  const dw = matmul(s, colsT, dy2); // [1,K,F]
  const out = s.run('Reshape', { x: dw }, { shape: [kh, kw, C, F] });
  return s.finish(out);
}

function conv2DBackpropInputIm2col(args: Args): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const inputShape = attrs.inputShape as number[];
  const info = convInfoOf(inputShape, filter.shape, attrs);
  const {
    filterHeight: kh,
    filterWidth: kw,
    inChannels: C,
    outChannels: F,
    batchSize: N,
    outHeight: oh,
    outWidth: ow,
  } = info;
  const K = kh * kw * C;
  const P = N * oh * ow;
  const s = new Scratch(backend);
  const w = s.run('Reshape', { x: filter }, { shape: [1, K, F] });
  const wT = s.run('Transpose', { x: w }, { perm: [0, 2, 1] }); // [1,F,K]
  const dy2 = s.run('Reshape', { x: dy }, { shape: [1, P, F] });
  const dcols = matmul(s, dy2, wT); // [1,P,K]
  const out = s.track(col2im(backend, dcols, info, inputShape));
  return s.finish(out);
}

// ---------------------------------------------------------------------------
// BatchMatMul / _FusedMatMul with transposed operands
//
// The stock wasm matmul is fast (XNNPACK) only when neither operand is
// transposed; with transposeA it is ~15x slower, with transposeB ~7x (both
// appear in every dense/LSTM gradient). Transposing the operand explicitly
// first and running the plain product is much cheaper.

function transposeLastTwo(s: Scratch, t: TensorInfo): TensorInfo {
  const r = t.shape.length;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 1] = r - 2;
  perm[r - 2] = r - 1;
  return s.run('Transpose', { x: t }, { perm });
}

function plainMatMul(name: 'BatchMatMul' | '_FusedMatMul') {
  return (args: Args): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const orig = stock.get(name)!;
    if (!transposeA && !transposeB) return orig(args as never) as TensorInfo;
    const s = new Scratch(backend);
    let a = inputs.a as TensorInfo;
    let b = inputs.b as TensorInfo;
    if (transposeA) a = transposeLastTwo(s, a);
    if (transposeB) b = transposeLastTwo(s, b);
    const out = orig({
      inputs: { ...inputs, a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    } as never) as TensorInfo;
    return s.finish(s.track(out));
  };
}

// ---------------------------------------------------------------------------
// Sum over leading axes (bias gradients: sum of [N,H,W,C] over N,H,W)
//
// The stock kernel first transposes the reduced axes to the end; a sum over
// the leading axes is a plain row accumulation instead.

function sumKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const orig = stock.get('Sum')!;
  const rank = x.shape.length;
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== 'float32') return orig(args as never) as TensorInfo;
  const inner = x.shape.slice(axes.length);
  const cols = inner.reduce((p, q) => p * q, 1);
  const rows = x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1);
  if (cols > 4096 || rows * cols < 65536) return orig(args as never) as TensorInfo;
  const outShape = keepDims ? [...x.shape.slice(0, axes.length).map(() => 1), ...inner] : inner;
  // A plain row accumulation. (A ones-vector product on XNNPACK is faster
  // in isolation, but it packs the whole input as 'weights' on every call,
  // which costs more than the sum when the input is new each step.)
  const out = backend.makeOutput(outShape, 'float32');
  const X = f32(backend, x);
  const D = f32(backend, out);
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) acc[c] += X[o + c];
  }
  for (let c = 0; c < cols; c++) D[c] = acc[c];
  return out;
}

// ---------------------------------------------------------------------------
// Slice and Unpack without copying the whole input
//
// The stock wasm Slice reads its entire input out of the wasm heap
// (readSync → a fresh copy) on every call. An RNN unstacks a [T,N,D] input
// into T slices, so each training step copied the input T times (T = 500 for
// the IMDb LSTM: ~8 GB per batch). These versions copy only the slice.

function copySlice(
  backend: BackendWasm,
  x: TensorInfo,
  begin: number[],
  size: number[],
  outShape: number[],
): TensorInfo {
  const out = backend.makeOutput(outShape, x.dtype);
  const X = backend.typedArrayFromHeap(x) as Float32Array | Int32Array | Uint8Array;
  const O = backend.typedArrayFromHeap(out) as Float32Array | Int32Array | Uint8Array;
  const shape = x.shape;
  const rank = shape.length;
  if (rank === 0) {
    O[0] = X[0];
    return out;
  }
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  // Merge trailing dimensions that are taken whole into one contiguous run.
  let last = rank - 1;
  let run = size[last];
  while (last > 0 && size[last] === shape[last] && begin[last] === 0) {
    last--;
    run *= size[last];
  }
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  const idx = new Array<number>(last).fill(0);
  let o = 0;
  for (;;) {
    let off = begin[last] * strides[last];
    for (let d = 0; d < last; d++) off += (begin[d] + idx[d]) * strides[d];
    O.set(X.subarray(off, off + run), o);
    o += run;
    let d = last - 1;
    while (d >= 0) {
      if (++idx[d] < size[d]) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) break;
  }
  return out;
}

function sliceKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string') return stock.get('Slice')!(args as never) as TensorInfo;
  const [begin, size] = tf.slice_util.parseSliceParams(
    x as unknown as tf.TensorInfo & { shape: number[]; rank: number } as never,
    attrs.begin as number[],
    attrs.size as number[],
  );
  return copySlice(backend, x, begin, size, size);
}

function unpackKernel(args: Args): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const value = inputs.value as TensorInfo;
  if (value.dtype === 'string') return stock.get('Unpack')!(args as never) as TensorInfo[];
  const rank = value.shape.length;
  let axis = attrs.axis as number;
  if (axis < 0) axis += rank;
  const n = value.shape[axis];
  const outShape = value.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(rank).fill(0);
  const size = value.shape.slice();
  size[axis] = 1;
  const outs: TensorInfo[] = [];
  for (let i = 0; i < n; i++) {
    begin[axis] = i;
    outs.push(copySlice(backend, value, begin, size, outShape));
  }
  return outs;
}

// ---------------------------------------------------------------------------
// GatherV2 along axis 0 (embedding lookups)
//
// The stock kernel computes every output element's source index in a
// generic loop; an embedding lookup is a copy of whole rows.

function gatherKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const indices = inputs.indices as TensorInfo;
  const rank = x.shape.length;
  let axis = (attrs.axis as number) ?? 0;
  if (axis < 0) axis += rank;
  const batchDims = (attrs.batchDims as number) ?? 0;
  if (axis !== 0 || batchDims !== 0 || x.dtype === 'string' || indices.dtype !== 'int32' || rank === 0) {
    return stock.get('GatherV2')!(args as never) as TensorInfo;
  }
  const rows = x.shape[0];
  const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const n = indices.shape.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  const X = backend.typedArrayFromHeap(x) as Float32Array | Int32Array | Uint8Array;
  const I = backend.typedArrayFromHeap(indices) as Int32Array;
  const O = backend.typedArrayFromHeap(out) as Float32Array | Int32Array | Uint8Array;
  for (let i = 0; i < n; i++) {
    const r = I[i];
    if (!(r >= 0 && r < rows)) throw new Error(`GatherV2: index ${r} is not in [0, ${rows - 1}]`);
    if (inner <= 16) {
      const so = r * inner;
      const dO = i * inner;
      for (let k = 0; k < inner; k++) O[dO + k] = X[so + k];
    } else {
      O.set(X.subarray(r * inner, (r + 1) * inner), i * inner);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------

const configs: Array<{ name: string; fn: (a: Args) => TensorInfo }> = [
  { name: 'Conv2DBackpropFilter', fn: conv2DBackpropFilter },
  { name: 'Conv2DBackpropInput', fn: conv2DBackpropInput },
  { name: 'MaxPoolGrad', fn: maxPoolGrad },
  { name: 'UnsortedSegmentSum', fn: unsortedSegmentSum },
  { name: 'DepthwiseConv2dNativeBackpropFilter', fn: depthwiseBackpropFilter },
  { name: 'DepthwiseConv2dNativeBackpropInput', fn: depthwiseBackpropInput },
  { name: 'BatchMatMul', fn: plainMatMul('BatchMatMul') },
  { name: '_FusedMatMul', fn: plainMatMul('_FusedMatMul') },
  { name: 'Sum', fn: sumKernel },
  { name: 'Slice', fn: sliceKernel },
  { name: 'GatherV2', fn: gatherKernel },
  { name: 'Unpack', fn: unpackKernel as unknown as (a: Args) => TensorInfo },
  { name: 'Conv2D', fn: conv2dIm2col('Conv2D') },
  { name: 'FusedConv2D', fn: conv2dIm2col('FusedConv2D') },
];

let registered = false;

/**
 * Register the training kernels on the 'wasm' backend (idempotent). Stock
 * kernels of the same name are replaced; the stock Conv2DBackpropInput is
 * kept as the fallback for NCHW and over-sized explicit padding.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const { name, fn } of configs) {
    const existing = tf.getKernel(name, 'wasm');
    if (existing) {
      stock.set(name, existing.kernelFunc);
      tf.unregisterKernel(name, 'wasm');
    }
    const config: KernelConfig = { kernelName: name, backendName: 'wasm', kernelFunc: fn as unknown as KernelFunc };
    tf.registerKernel(config);
  }
  registered = true;
}
