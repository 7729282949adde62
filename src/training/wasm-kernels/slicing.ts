/** Slice and Unpack that copy only the slice, and Tile by block copies. */
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

// Tile by block copies
//
// The stock wasm Tile is the cpu backend's loop, which converts every output index to
// coordinates and back through a TensorBuffer. Batch normalisation's gradient tiles its
// per-channel statistics to the whole activation ([1, 1, 1, C] → [N, H, W, C]) several times a
// step: in the guide's CNN with batch normalisation that loop was 58 % of the training time.
// Here the innermost dimension is copied as runs, and each outer tile is one copy of the block
// already written.

/** Writes x tiled by `reps` into `out`: the block of dimensions d.. at `src` / `dst`. */
function tileBlock(
  X: Float32Array | Int32Array | Uint8Array,
  O: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  reps: readonly number[],
  inBlock: readonly number[],
  outBlock: readonly number[],
  d: number,
  src: number,
  dst: number,
): void {
  const rank = shape.length;
  if (d === rank - 1) {
    O.set(X.subarray(src, src + shape[d]), dst);
  } else {
    for (let i = 0; i < shape[d]; i++)
      tileBlock(X, O, shape, reps, inBlock, outBlock, d + 1, src + i * inBlock[d + 1], dst + i * outBlock[d + 1]);
  }
  // One tile along d is written; the other reps[d] − 1 are copies of it, doubling each time.
  const tile = outBlock[d] / reps[d];
  for (let written = 1; written < reps[d];) {
    const n = Math.min(written, reps[d] - written);
    O.copyWithin(dst + written * tile, dst, dst + n * tile);
    written += n;
  }
}

export function tileKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const reps = attrs.reps as number[];
  if (x.dtype === 'string' || x.shape.length === 0 || reps.length !== x.shape.length) return runStock('Tile', args);
  const shape = x.shape;
  const rank = shape.length;
  const outShape = shape.map((s, i) => s * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (outShape.some((s) => s === 0)) return out;
  const inBlock = new Array<number>(rank + 1).fill(1);
  const outBlock = new Array<number>(rank + 1).fill(1);
  for (let d = rank - 1; d >= 0; d--) {
    inBlock[d] = inBlock[d + 1] * shape[d];
    outBlock[d] = outBlock[d + 1] * outShape[d];
  }
  const X = backend.typedArrayFromHeap(x) as Float32Array | Int32Array | Uint8Array;
  const O = backend.typedArrayFromHeap(out) as Float32Array | Int32Array | Uint8Array;
  tileBlock(X, O, shape, reps, inBlock, outBlock, 0, 0, 0);
  return out;
}
