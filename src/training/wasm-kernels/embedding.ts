/**
 * Embedding lookups and their gradient: GatherV2 along axis 0 as whole-row copies, and
 * UnsortedSegmentSum (which the stock wasm backend lacks) as a direct loop on the wasm heap.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { runStock, type Args } from './common.js';
// GatherV2 along axis 0 (embedding lookups)
//
// The stock kernel computes every output element's source index in a
// generic loop; an embedding lookup is a copy of whole rows.

export function gatherKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const indices = inputs.indices as TensorInfo;
  const rank = x.shape.length;
  let axis = (attrs.axis as number) ?? 0;
  if (axis < 0) axis += rank;
  const batchDims = (attrs.batchDims as number) ?? 0;
  if (axis !== 0 || batchDims !== 0 || x.dtype === 'string' || indices.dtype !== 'int32' || rank === 0) {
    return runStock('GatherV2', args);
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

// UnsortedSegmentSum (the gradient of a gather)

export function unsortedSegmentSum(args: Args): TensorInfo {
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
