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
 *   (Computing convolutions as im2col + matrix product was measured slower on whole training
 *   steps of the guide's CNN — xnnpack 552, hybrid 514, im2col 479 img/s — and removed.)
 * - MaxPoolGrad: one pass over the pooling windows in JS on the wasm heap,
 *   routing each output gradient to the first maximum of its window (the same
 *   tie rule as the cpu backend).
 * - UnsortedSegmentSum, DepthwiseConv2dNativeBackpropFilter/Input: direct
 *   loops in JS on the wasm heap (these are memory-bound or small).
 * - BatchMatMul/_FusedMatMul with a transposed operand, Sum and Mean over leading axes, Slice, Unpack,
 *   Tile and GatherV2: faster forms of stock kernels (see each file).
 *
 * One file per family: convolution, depthwise, pooling, matmul (and Sum), slicing, embedding;
 * common.ts holds what they share.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stock, type Args } from './common.js';
import { conv2DBackpropFilter, conv2DBackpropInput } from './convolution.js';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise.js';
import { gatherKernel, unsortedSegmentSum } from './embedding.js';
import { meanKernel, plainMatMul, sumKernel } from './matmul.js';
import { maxPoolGrad } from './pooling.js';
import { sliceKernel, tileKernel, unpackKernel } from './slicing.js';

const configs: Array<{ name: string; fn: (a: Args) => TensorInfo | TensorInfo[] }> = [
  { name: 'Conv2DBackpropFilter', fn: conv2DBackpropFilter },
  { name: 'Conv2DBackpropInput', fn: conv2DBackpropInput },
  { name: 'MaxPoolGrad', fn: maxPoolGrad },
  { name: 'UnsortedSegmentSum', fn: unsortedSegmentSum },
  { name: 'DepthwiseConv2dNativeBackpropFilter', fn: depthwiseBackpropFilter },
  { name: 'DepthwiseConv2dNativeBackpropInput', fn: depthwiseBackpropInput },
  { name: 'BatchMatMul', fn: plainMatMul('BatchMatMul') },
  { name: '_FusedMatMul', fn: plainMatMul('_FusedMatMul') },
  { name: 'Sum', fn: sumKernel },
  { name: 'Mean', fn: meanKernel },
  { name: 'Slice', fn: sliceKernel },
  { name: 'GatherV2', fn: gatherKernel },
  { name: 'Unpack', fn: unpackKernel },
  { name: 'Tile', fn: tileKernel },
];

/** Kernels this module registers (or replaces) on the wasm backend. */
export const WASM_TRAINING_KERNELS: readonly string[] = configs.map((c) => c.name);

/** A kernel of ours as tfjs calls it: on the backend it is registered for, wasm. */
function onWasm(fn: (a: Args) => TensorInfo | TensorInfo[]): KernelFunc {
  return ({ inputs, backend, attrs }) => fn({ inputs, backend: backend as BackendWasm, attrs: attrs ?? {} });
}

let registered = false;

/**
 * Register the training kernels on the 'wasm' backend (idempotent). Stock kernels of the same
 * name are replaced and kept, for the cases our kernels hand back (NCHW convolution gradients,
 * over-sized explicit padding, string tensors, untransposed products).
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const { name, fn } of configs) {
    const existing = tf.getKernel(name, 'wasm');
    if (existing) {
      stock.set(name, existing.kernelFunc);
      tf.unregisterKernel(name, 'wasm');
    }
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: onWasm(fn) });
  }
  registered = true;
}
