/**
 * What the kernels share: the arguments tfjs passes a wasm kernel, the stock kernels we
 * replace (kept for the cases handed back to them), and scratch tensors on the wasm heap.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: NamedAttrMap };

/** Stock wasm kernels we replace, by name, filled by registerWasmTrainingKernels(). */
export const stock = new Map<string, KernelFunc>();

/** Hands a call back to the stock kernel of that name. */
export function runStock(name: string, args: Args): TensorInfo {
  const original = stock.get(name);
  if (!original) throw new Error(`wasm backend has no stock ${name} kernel`);
  return original(args) as TensorInfo;
}

function kernel(name: string): KernelFunc {
  const cfg = tf.getKernel(name, 'wasm');
  if (!cfg) throw new Error(`wasm backend has no ${name} kernel`);
  return cfg.kernelFunc;
}

/** Runs other wasm kernels and frees their intermediates. */
export class Scratch {
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

export function f32(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

export function asFloat(s: Scratch, t: TensorInfo): TensorInfo {
  return t.dtype === 'float32' ? t : s.run('Cast', { x: t }, { dtype: 'float32' });
}

export function channelsLast(dataFormat: unknown): boolean {
  return dataFormat === undefined || dataFormat === 'NHWC' || dataFormat === 'channelsLast';
}
