/**
 * What the native kernels share: heap views, activation codes, and the call counters that tell
 * a native call from a fallback to the wasm kernel registered before ours.
 */
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';

export type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

/** A native kernel: a result, or null to hand the call to the fallback. */
export type NativeKernel = (addon: NativeAddon, args: Args) => TensorInfo | null;

/**
 * A Float32Array view of a tensor on the wasm heap. Take views only after the last
 * makeOutput of a call: an allocation can grow the heap, which detaches older views.
 */
export function view(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

export const isFloat = (...ts: Array<TensorInfo | undefined>): boolean =>
  ts.every((t) => t === undefined || t.dtype === 'float32');

/** tfjs' fused activation names → native/src/ops.h codes; null for those we leave (prelu). */
export function activationCode(name: unknown): number | null {
  switch (name ?? 'linear') {
    case 'linear':
      return 0;
    case 'relu':
      return 1;
    case 'relu6':
      return 2;
    case 'leakyrelu':
      return 3;
    case 'elu':
      return 4;
    case 'sigmoid':
      return 5;
    default:
      return null;
  }
}

/** Calls per kernel: native, and handed to the fallback. */
export interface KernelCalls {
  native: number;
  fallback: number;
}
const calls = new Map<string, KernelCalls>();

export function kernelCalls(): Record<string, KernelCalls> {
  return Object.fromEntries([...calls].map(([k, v]) => [k, { ...v }]));
}

export function resetKernelCalls(): void {
  calls.clear();
}

/** Counts one call of `name` (kernels, and the fused Adam and recurrent layers). */
export function countCall(name: string, native: boolean): void {
  const c = calls.get(name) ?? { native: 0, fallback: 0 };
  calls.set(name, c);
  if (native) c.native++;
  else c.fallback++;
}

/** Wraps a native kernel with its fallback and the counters. */
export function withFallback(name: string, addon: NativeAddon, fn: NativeKernel, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const out = fn(addon, { inputs: args.inputs, backend: args.backend as BackendWasm, attrs: args.attrs ?? {} });
    countCall(name, out !== null);
    return out ?? fallback(args);
  };
}
