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
  constructor(private readonly backend: BackendWasm) {}
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
  let r = s.run(
    'Conv2D',
    { x: xT, filter: dyT },
    {
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
    } as unknown as NamedAttrMap,
  ); // [C,outH,outW,F]
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
  const out = s.run(
    'Conv2D',
    { x: g, filter: wr },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [pt, pb],
        [pl, pr],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    } as unknown as NamedAttrMap,
  );
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
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
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
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
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
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
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
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
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

const configs: Array<{ name: string; fn: (a: Args) => TensorInfo }> = [
  { name: 'Conv2DBackpropFilter', fn: conv2DBackpropFilter },
  { name: 'Conv2DBackpropInput', fn: conv2DBackpropInput },
  { name: 'MaxPoolGrad', fn: maxPoolGrad },
  { name: 'UnsortedSegmentSum', fn: unsortedSegmentSum },
  { name: 'DepthwiseConv2dNativeBackpropFilter', fn: depthwiseBackpropFilter },
  { name: 'DepthwiseConv2dNativeBackpropInput', fn: depthwiseBackpropInput },
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
