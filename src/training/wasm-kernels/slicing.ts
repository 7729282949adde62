/** Slice and Unpack that copy only the slice. */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runStock, stock, type Args } from './common.js';
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

export function sliceKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype === 'string') return runStock('Slice', args);
  const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin as number[], attrs.size as number[]);
  return copySlice(backend, x, begin, size, size);
}

export function unpackKernel(args: Args): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  const value = inputs.value as TensorInfo;
  if (value.dtype === 'string') return stock.get('Unpack')!(args) as TensorInfo[];
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
