/** Matrix products with transposed operands, and sums and means over leading axes (bias gradients, batch-norm moments). */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { f32, runStock, Scratch, type Args } from './common.js';
import { leadingReduction, reducedShape } from '../leading-reduction.js';
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

export function plainMatMul(name: 'BatchMatMul' | '_FusedMatMul') {
  return (args: Args): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return runStock(name, args);
    const s = new Scratch(backend);
    let a = inputs.a as TensorInfo;
    let b = inputs.b as TensorInfo;
    if (transposeA) a = transposeLastTwo(s, a);
    if (transposeB) b = transposeLastTwo(s, b);
    const out = runStock(name, {
      inputs: { ...inputs, a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    return s.finish(s.track(out));
  };
}

// Sum over leading axes (bias gradients: sum of [N,H,W,C] over N,H,W)
//
// The stock kernel first transposes the reduced axes to the end; a sum over
// the leading axes is a plain row accumulation instead.

export function sumKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const reduction = leadingReduction(x.shape, axis);
  if (!reduction || x.dtype !== 'float32') return runStock('Sum', args);
  const { rows, cols } = reduction;
  if (cols > 4096 || rows * cols < 65536) return runStock('Sum', args);
  const outShape = reducedShape(reduction, keepDims);
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

// Mean over leading axes (batch normalisation's moments: [N,H,W,C] over N,H,W)
//
// The stock kernel transposes the reduced axes to the end first, like Sum. This one is the
// registered Sum (ours above, or the native one) scaled in place.

export function meanKernel(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const { axis } = attrs as unknown as { axis: number | number[] };
  const reduction = leadingReduction(x.shape, axis);
  if (!reduction || x.dtype !== 'float32') return runStock('Mean', args);
  const count = reduction.rows;
  const sum = tf.getKernel('Sum', 'wasm')!.kernelFunc(args) as TensorInfo;
  const S = f32(backend, sum);
  for (let i = 0; i < S.length; i++) S[i] /= count;
  return sum;
}
