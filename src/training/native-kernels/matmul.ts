/** BatchMatMul and _FusedMatMul (with either operand transposed) on OpenBLAS' cblas_sgemm. */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { activationCode, isFloat, view, type Args } from './common.js';

const size = (s: number[]) => tf.util.sizeFromShape(s);

function product(addon: NativeAddon, args: Args, fused: boolean): TensorInfo | null {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const bias = fused ? (inputs.bias as TensorInfo | undefined) : undefined;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as tf._FusedMatMulAttrs;
  const act = fused ? activationCode(activation) : 0;
  if (act === null || inputs.preluActivationWeights || !isFloat(a, b, bias)) return null;
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const [a0, a1] = a.shape.slice(-2);
  const [b0, b1] = b.shape.slice(-2);
  const M = transposeA ? a1 : a0;
  const K = transposeA ? a0 : a1;
  const N = transposeB ? b0 : b1;
  if ((transposeB ? b1 : b0) !== K || M === 0 || N === 0 || K === 0) return null;
  // Batch dimensions: equal, or one side a single matrix broadcast over the other.
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = size(outerA);
  const batchB = size(outerB);
  const same = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (!same && batchA !== 1 && batchB !== 1) return null;
  const outer = batchA === 1 && !same ? outerB : outerA;
  if (outer.length < Math.max(outerA.length, outerB.length)) return null;
  if (bias && (size(bias.shape) !== N || bias.shape[bias.shape.length - 1] !== N)) return null;
  const out = backend.makeOutput([...outer, M, N], 'float32');
  addon.matMul(
    view(backend, a),
    view(backend, b),
    bias ? view(backend, bias) : null,
    view(backend, out),
    Int32Array.from([size(outer), batchA, batchB, M, N, K, transposeA ? 1 : 0, transposeB ? 1 : 0]),
    act,
    leakyreluAlpha ?? 0.2,
  );
  return out;
}

export const batchMatMul = (addon: NativeAddon, args: Args) => product(addon, args, false);
export const fusedMatMul = (addon: NativeAddon, args: Args) => product(addon, args, true);
