/**
 * Native training kernels (oneDNN convolutions, OpenBLAS products) registered on the tfjs wasm
 * backend over the kernels already there (stock or ours from wasm-kernels/), which stay as the
 * fallback for the cases the native ones leave (NCHW, prelu, odd broadcasts, int tensors,
 * sums over other than the leading axes).
 * They read and write the backend's own heap, so no tensor is copied between engines.
 */
import * as tf from '@tensorflow/tfjs-core';
import { installFusedAdam } from './adam.js';
import { loadNativeAddon, type NativeAddon } from './addon.js';
import { withFallback, type NativeKernel } from './common.js';
import { conv2D, conv2DBackpropFilter, conv2DBackpropInput, fusedConv2D } from './convolution.js';
import { batchMatMul, fusedMatMul } from './matmul.js';
import { maxPool, maxPoolGrad, sum } from './pooling.js';
import { installFusedRecurrent } from './recurrent.js';

export { kernelCalls, resetKernelCalls, type KernelCalls } from './common.js';
export { loadNativeAddon, NATIVE_PACKAGES } from './addon.js';

const kernels: Array<[string, NativeKernel]> = [
  ['Conv2D', conv2D],
  ['FusedConv2D', fusedConv2D],
  ['Conv2DBackpropInput', conv2DBackpropInput],
  ['Conv2DBackpropFilter', conv2DBackpropFilter],
  ['BatchMatMul', batchMatMul],
  ['_FusedMatMul', fusedMatMul],
  ['MaxPool', maxPool],
  ['MaxPoolGrad', maxPoolGrad],
  ['Sum', sum],
];

/**
 * Kernels this module puts on the wasm backend when the addon is loaded, and the fused steps
 * that replace whole groups of ops: Adam (adam.ts), tfjs-layers' LSTM and GRU over whole
 * sequences (recurrent.ts).
 */
export const NATIVE_KERNELS: readonly string[] = [...kernels.map(([name]) => name), 'Adam (fused)', 'LSTM', 'GRU'];

export interface NativeKernelsInfo {
  dnnl: string;
  isa: string;
  blas: string;
  threads: number;
  kernels: readonly string[];
}

let registered: NativeKernelsInfo | null = null;

/**
 * Registers the native kernels on 'wasm' with `threads` threads (after the wasm training
 * kernels, whose versions become the fallback). Returns what runs, or the reason it cannot.
 */
export function registerNativeKernels(threads: number): NativeKernelsInfo | { reason: string } {
  const status = loadNativeAddon();
  if (!status.loaded) return { reason: status.reason };
  const addon: NativeAddon = status.addon;
  addon.setThreads(threads);
  if (!registered) {
    for (const [name, fn] of kernels) {
      const previous = tf.getKernel(name, 'wasm');
      if (!previous) throw new Error(`wasm backend has no ${name} kernel to fall back to`);
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel({
        kernelName: name,
        backendName: 'wasm',
        kernelFunc: withFallback(name, addon, fn, previous.kernelFunc),
      });
    }
    installFusedAdam(addon);
    installFusedRecurrent(addon);
  }
  registered = { ...addon.info(), kernels: NATIVE_KERNELS };
  return registered;
}

/** Changes the native kernels' threads in this process (tests comparing thread counts). */
export function setNativeThreads(threads: number): void {
  const status = loadNativeAddon();
  if (status.loaded) status.addon.setThreads(threads);
}
