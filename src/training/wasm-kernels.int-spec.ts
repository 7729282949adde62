import { describe, it, expect, beforeAll } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { initEngine } from './engine.js';
import { mulberry32 } from './seed.js';

/**
 * Each kernel is run on the same random inputs on the cpu backend (the
 * reference) and on wasm with our kernels; results must agree within 1e-4
 * relative to the largest magnitude of the reference (float sums run in a
 * different order, so element-wise relative error near zero is meaningless).
 */
const rand = mulberry32(1234);
function randArray(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rand() * 2 - 1;
  return a;
}
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

async function onBackend(
  backend: string,
  kernelName: string,
  inputs: Record<string, { shape: number[]; values: Float32Array | Int32Array; dtype?: 'float32' | 'int32' }>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape, v.dtype ?? 'float32');
    const out = tf.engine().runKernel(kernelName, ts, attrs as NamedAttrMap) as tf.Tensor;
    return { shape: out.shape, values: out.dataSync() as Float32Array };
  });
}

async function compare(
  kernelName: string,
  inputs: Record<string, { shape: number[]; values: Float32Array | Int32Array; dtype?: 'float32' | 'int32' }>,
  attrs: Record<string, unknown>,
): Promise<void> {
  const ref = await onBackend('cpu', kernelName, inputs, attrs);
  const got = await onBackend('wasm', kernelName, inputs, attrs);
  expect(got.shape).toEqual(ref.shape);
  let maxRef = 0;
  let maxDiff = 0;
  for (let i = 0; i < ref.values.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(ref.values[i]));
    maxDiff = Math.max(maxDiff, Math.abs(ref.values[i] - got.values[i]));
  }
  expect(maxRef).toBeGreaterThan(0);
  const rel = maxDiff / maxRef;
  if (!(rel <= 1e-4)) throw new Error(`${kernelName} ${JSON.stringify(attrs)}: relative error ${rel}`);
}

/** Output size of a convolution, as tfjs computes it. */
function outDim(inDim: number, k: number, stride: number, pad: 'same' | 'valid', dilation = 1): number {
  const ek = (k - 1) * dilation + 1;
  return pad === 'same' ? Math.ceil(inDim / stride) : Math.ceil((inDim - ek + 1) / stride);
}

interface ConvCase {
  n: number;
  h: number;
  w: number;
  c: number;
  f: number;
  kh: number;
  kw: number;
  stride: number;
  pad: 'same' | 'valid';
}
const convCases: ConvCase[] = [];
for (const stride of [1, 2])
  for (const pad of ['same', 'valid'] as const)
    for (const [kh, kw] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [5, 5],
      [3, 2],
    ])
      convCases.push({
        n: stride === 1 ? 2 : 3,
        h: 9,
        w: 8,
        c: kh === 3 ? 3 : 4,
        f: kw === 5 ? 6 : 5,
        kh,
        kw,
        stride,
        pad,
      });
convCases.push({ n: 1, h: 7, w: 7, c: 16, f: 8, kh: 3, kw: 3, stride: 2, pad: 'same' });
convCases.push({ n: 5, h: 32, w: 32, c: 3, f: 32, kh: 3, kw: 3, stride: 1, pad: 'valid' });

const convAttrs = (k: ConvCase) => ({
  strides: [k.stride, k.stride],
  pad: k.pad,
  dataFormat: 'NHWC',
  dimRoundingMode: undefined,
});

describe('wasm training kernels match the cpu backend', () => {
  beforeAll(async () => {
    await initEngine({ prefer: 'wasm', native: false, logger: () => undefined });
  });

  it('lists the kernels stock wasm 4.22 lacks and now provides them', () => {
    for (const name of [
      'Conv2DBackpropFilter',
      'UnsortedSegmentSum',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
    ]) {
      expect(tf.getKernel(name, 'wasm')).toBeDefined();
    }
  });

  it.each(convCases)('Conv2DBackpropFilter n=$n h=$h w=$w c=$c f=$f k=$kh,$kw stride=$stride $pad', async (k) => {
    const oh = outDim(k.h, k.kh, k.stride, k.pad);
    const ow = outDim(k.w, k.kw, k.stride, k.pad);
    const xs = [k.n, k.h, k.w, k.c];
    const dys = [k.n, oh, ow, k.f];
    await compare(
      'Conv2DBackpropFilter',
      { x: { shape: xs, values: randArray(size(xs)) }, dy: { shape: dys, values: randArray(size(dys)) } },
      { ...convAttrs(k), filterShape: [k.kh, k.kw, k.c, k.f] },
    );
  });

  it.each(convCases)('Conv2DBackpropInput n=$n h=$h w=$w c=$c f=$f k=$kh,$kw stride=$stride $pad', async (k) => {
    const oh = outDim(k.h, k.kh, k.stride, k.pad);
    const ow = outDim(k.w, k.kw, k.stride, k.pad);
    const fs = [k.kh, k.kw, k.c, k.f];
    const dys = [k.n, oh, ow, k.f];
    await compare(
      'Conv2DBackpropInput',
      { dy: { shape: dys, values: randArray(size(dys)) }, filter: { shape: fs, values: randArray(size(fs)) } },
      { ...convAttrs(k), inputShape: [k.n, k.h, k.w, k.c] },
    );
  });

  it.each(convCases)(
    'Conv2D and FusedConv2D (bias + relu) n=$n h=$h w=$w c=$c f=$f k=$kh,$kw stride=$stride $pad',
    async (k) => {
      const xs = [k.n, k.h, k.w, k.c];
      const fs = [k.kh, k.kw, k.c, k.f];
      const x = { shape: xs, values: randArray(size(xs)) };
      const filter = { shape: fs, values: randArray(size(fs)) };
      for (const dil of k.stride === 1 ? [1, 2] : [1]) {
        if (k.pad === 'valid' && (Math.max(k.kh, k.kw) - 1) * dil + 1 > Math.min(k.h, k.w)) continue;
        const attrs = { ...convAttrs(k), dilations: [dil, dil] };
        await compare('Conv2D', { x, filter }, attrs);
        await compare(
          'FusedConv2D',
          { x, filter, bias: { shape: [k.f], values: randArray(k.f) } },
          { ...attrs, activation: 'relu' },
        );
      }
    },
  );

  it('Conv2DBackpropFilter and Input with explicit padding', async () => {
    const pad = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ];
    const xs = [2, 6, 7, 3];
    // out = floor((6+3-3)/2)+1 = 4, floor((7+1-3)/2)+1 = 3
    const dys = [2, 4, 3, 4];
    const attrs = { strides: [2, 2], pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
    await compare(
      'Conv2DBackpropFilter',
      { x: { shape: xs, values: randArray(size(xs)) }, dy: { shape: dys, values: randArray(size(dys)) } },
      { ...attrs, filterShape: [3, 3, 3, 4] },
    );
    await compare(
      'Conv2DBackpropInput',
      { dy: { shape: dys, values: randArray(size(dys)) }, filter: { shape: [3, 3, 3, 4], values: randArray(108) } },
      { ...attrs, inputShape: xs },
    );
  });

  const poolCases: Array<{ n: number; h: number; w: number; c: number; k: number; s: number; pad: 'same' | 'valid' }> =
    [
      { n: 2, h: 8, w: 8, c: 3, k: 2, s: 2, pad: 'valid' },
      { n: 2, h: 9, w: 7, c: 5, k: 2, s: 2, pad: 'same' },
      { n: 3, h: 9, w: 9, c: 4, k: 3, s: 2, pad: 'same' },
      { n: 1, h: 10, w: 10, c: 2, k: 3, s: 1, pad: 'valid' },
      { n: 4, h: 30, w: 30, c: 32, k: 2, s: 2, pad: 'valid' },
    ];
  it.each(poolCases)('MaxPoolGrad n=$n h=$h w=$w c=$c k=$k stride=$s $pad', async (p) => {
    const xs = [p.n, p.h, p.w, p.c];
    const xv = randArray(size(xs));
    // Some ties (as after relu) to check that the first maximum wins.
    for (let i = 0; i < xv.length; i += 7) xv[i] = 0;
    for (let i = 0; i < xv.length; i++) if (xv[i] < -0.5) xv[i] = 0;
    const attrs = { filterSize: [p.k, p.k], strides: [p.s, p.s], pad: p.pad, dimRoundingMode: undefined };
    await tf.setBackend('cpu');
    const out = tf.tidy(() => {
      const y = tf.maxPool(tf.tensor4d(xv, xs as [number, number, number, number]), [p.k, p.k], [p.s, p.s], p.pad);
      return { shape: y.shape, values: y.dataSync() as Float32Array };
    });
    await compare(
      'MaxPoolGrad',
      {
        dy: { shape: out.shape, values: randArray(size(out.shape)) },
        input: { shape: xs, values: xv },
        output: { shape: out.shape, values: out.values },
      },
      attrs,
    );
  });

  it.each([
    { n: 50, inner: [8], segments: 10 },
    { n: 300, inner: [4, 3], segments: 40 },
    { n: 7, inner: [16], segments: 3 },
  ])('UnsortedSegmentSum rows=$n inner=$inner segments=$segments', async ({ n, inner, segments }) => {
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = Math.floor(rand() * segments);
    const xs = [n, ...inner];
    await compare(
      'UnsortedSegmentSum',
      { x: { shape: xs, values: randArray(size(xs)) }, segmentIds: { shape: [n], values: ids, dtype: 'int32' } },
      { numSegments: segments },
    );
  });

  it('gives an embedding (gather) gradient equal to the cpu backend', async () => {
    const table = randArray(20 * 6);
    const idx = new Int32Array(40).map(() => Math.floor(rand() * 20));
    const grad = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const t = tf.tensor2d(table, [20, 6]);
        const g = tf.grad((w: tf.Tensor) => tf.sum(tf.square(tf.gather(w, tf.tensor1d(idx, 'int32')))))(t);
        return g.dataSync() as Float32Array;
      });
    };
    const a = await grad('cpu');
    const b = await grad('wasm');
    for (let i = 0; i < a.length; i++)
      expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(a[i])));
  });

  const dwCases: Array<{
    n: number;
    h: number;
    w: number;
    c: number;
    m: number;
    k: number;
    s: number;
    pad: 'same' | 'valid';
  }> = [];
  for (const s of [1, 2])
    for (const pad of ['same', 'valid'] as const)
      for (const k of [1, 3, 5]) dwCases.push({ n: 2, h: 9, w: 8, c: 3, m: k === 3 ? 2 : 1, k, s, pad });
  dwCases.push({ n: 3, h: 12, w: 12, c: 8, m: 3, k: 2, s: 2, pad: 'same' });

  it.each(dwCases)('DepthwiseConv2dNativeBackpropFilter n=$n h=$h w=$w c=$c m=$m k=$k stride=$s $pad', async (d) => {
    const oh = outDim(d.h, d.k, d.s, d.pad);
    const ow = outDim(d.w, d.k, d.s, d.pad);
    const xs = [d.n, d.h, d.w, d.c];
    const dys = [d.n, oh, ow, d.c * d.m];
    await compare(
      'DepthwiseConv2dNativeBackpropFilter',
      { x: { shape: xs, values: randArray(size(xs)) }, dy: { shape: dys, values: randArray(size(dys)) } },
      {
        strides: [d.s, d.s],
        dilations: [1, 1],
        pad: d.pad,
        dimRoundingMode: undefined,
        filterShape: [d.k, d.k, d.c, d.m],
      },
    );
  });

  it.each(dwCases)('DepthwiseConv2dNativeBackpropInput n=$n h=$h w=$w c=$c m=$m k=$k stride=$s $pad', async (d) => {
    const oh = outDim(d.h, d.k, d.s, d.pad);
    const ow = outDim(d.w, d.k, d.s, d.pad);
    const fs = [d.k, d.k, d.c, d.m];
    const dys = [d.n, oh, ow, d.c * d.m];
    await compare(
      'DepthwiseConv2dNativeBackpropInput',
      { dy: { shape: dys, values: randArray(size(dys)) }, filter: { shape: fs, values: randArray(size(fs)) } },
      {
        strides: [d.s, d.s],
        dilations: [1, 1],
        pad: d.pad,
        dimRoundingMode: undefined,
        inputShape: [d.n, d.h, d.w, d.c],
      },
    );
  });

  it('DepthwiseConv2dNativeBackpropInput with dilation 2 equals the gradient of the forward op', async () => {
    // The cpu backprop kernels ignore dilation, so compare with wasm's own
    // forward depthwise conv: <dy, conv(x)> is linear in x, its gradient is
    // the backprop-input result; check it against finite differences.
    await tf.setBackend('wasm');
    const xs: [number, number, number, number] = [1, 9, 9, 2];
    const fs: [number, number, number, number] = [3, 3, 2, 1];
    const x = tf.tensor4d(randArray(size(xs)), xs);
    const f = tf.tensor4d(randArray(size(fs)), fs);
    const y = tf.depthwiseConv2d(x, f, 1, 'same', 'NHWC', 2);
    const dy = tf.tensor(randArray(size(y.shape)), y.shape);
    const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, {
      strides: [1, 1],
      dilations: [2, 2],
      pad: 'same',
      dimRoundingMode: undefined,
      inputShape: xs,
    } as unknown as NamedAttrMap) as tf.Tensor;
    // Exact linear check: <dy, conv(e_i)> for a few unit vectors e_i.
    const dxv = dx.dataSync();
    for (const i of [0, 17, 40, 81, 161]) {
      const e = new Float32Array(size(xs));
      e[i] = 1;
      const v = tf.tidy(
        () => tf.sum(tf.mul(tf.depthwiseConv2d(tf.tensor4d(e, xs), f, 1, 'same', 'NHWC', 2), dy)).dataSync()[0],
      );
      expect(Math.abs(v - dxv[i])).toBeLessThan(1e-4);
    }
    tf.dispose([x, f, y, dy, dx]);
  });

  it.each([
    { a: [64, 1024], b: [64, 1024], transposeA: false, transposeB: true },
    { a: [200, 64], b: [200, 30], transposeA: true, transposeB: false },
    { a: [3, 17, 5], b: [3, 9, 17], transposeA: true, transposeB: true },
    { a: [2, 8, 12], b: [2, 12, 7], transposeA: false, transposeB: false },
  ])(
    'BatchMatMul a=$a b=$b transposeA=$transposeA transposeB=$transposeB',
    async ({ a, b, transposeA, transposeB }) => {
      const A = a.length === 2 ? [1, ...a] : a;
      const B = b.length === 2 ? [1, ...b] : b;
      await compare(
        'BatchMatMul',
        { a: { shape: A, values: randArray(size(A)) }, b: { shape: B, values: randArray(size(B)) } },
        { transposeA, transposeB },
      );
    },
  );

  it.each([
    { shape: [64, 30, 30, 32], axis: [0, 1, 2], keepDims: false },
    { shape: [128, 700], axis: [0], keepDims: true },
    { shape: [40, 50, 60], axis: [2], keepDims: false },
  ])('Sum shape=$shape axis=$axis keepDims=$keepDims', async ({ shape, axis, keepDims }) => {
    await compare('Sum', { x: { shape, values: randArray(size(shape)) } }, { axis, keepDims });
  });

  it.each([
    { shape: [64, 30, 30, 32], axis: [0, 1, 2], keepDims: true },
    { shape: [64, 64], axis: [0], keepDims: false },
    { shape: [10, 20, 3], axis: [-1], keepDims: false },
  ])('Mean shape=$shape axis=$axis keepDims=$keepDims', async ({ shape, axis, keepDims }) => {
    await compare('Mean', { x: { shape, values: randArray(size(shape)) } }, { axis, keepDims });
  });

  it.each([
    { shape: [50, 8, 16], begin: [7, 0, 0], size: [1, 8, 16] },
    { shape: [6, 7, 8], begin: [1, 2, 3], size: [3, 4, 5] },
    { shape: [20], begin: [3], size: [-1] },
    { shape: [4, 5, 6, 7, 3], begin: [0, 1, 0, 2, 1], size: [2, 3, 6, 4, 2] },
    { shape: [10, 12], begin: [0, 4], size: [10, 4] },
  ])('Slice shape=$shape begin=$begin size=$size', async ({ shape, begin, size: sz }) => {
    await compare('Slice', { x: { shape, values: randArray(size(shape)) } }, { begin, size: sz });
    const ints = Int32Array.from(randArray(size(shape)), (v) => Math.round(v * 1000));
    await compare('Slice', { x: { shape, values: ints, dtype: 'int32' } }, { begin, size: sz });
  });

  it.each([
    { shape: [30, 4, 5], axis: 0 },
    { shape: [4, 30, 5], axis: 1 },
    { shape: [3, 4, 6], axis: -1 },
  ])('Unpack shape=$shape axis=$axis', async ({ shape, axis }) => {
    const values = randArray(size(shape));
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() =>
        tf.unstack(tf.tensor(values, shape), axis).map((t) => ({ shape: t.shape, v: Array.from(t.dataSync()) })),
      );
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });

  it.each([
    // Batch normalisation's gradient: per-channel statistics over a whole activation.
    { shape: [1, 1, 1, 32], reps: [8, 30, 30, 1] },
    { shape: [1, 64], reps: [64, 1] },
    { shape: [2, 3, 4], reps: [3, 1, 2] },
    { shape: [3, 1, 5, 2], reps: [1, 4, 1, 3] },
    { shape: [7], reps: [5] },
    { shape: [2, 3], reps: [1, 1] },
  ])('Tile shape=$shape reps=$reps gives exactly the stock result', async ({ shape, reps }) => {
    const values = randArray(size(shape));
    const run = async (backend: string, dtype: 'float32' | 'int32' | 'bool') => {
      await tf.setBackend(backend);
      const data =
        dtype === 'float32'
          ? values
          : Int32Array.from(values, (v) => (dtype === 'bool' ? Number(v > 0.5) : Math.round(v * 1000)));
      return tf.tidy(() => {
        const t = tf.tile(tf.tensor(data, shape, dtype), reps);
        return { shape: t.shape, dtype: t.dtype, v: Array.from(t.dataSync()) };
      });
    };
    for (const dtype of ['float32', 'int32', 'bool'] as const)
      expect(await run('wasm', dtype)).toEqual(await run('cpu', dtype));
  });

  it.each([
    { rows: 100, inner: [16], idx: [64, 50] },
    { rows: 30, inner: [128], idx: [200] },
    { rows: 12, inner: [3, 4], idx: [5, 2] },
  ])('GatherV2 axis 0 rows=$rows inner=$inner indices=$idx', async ({ rows, inner, idx }) => {
    const ids = new Int32Array(size(idx)).map(() => Math.floor(rand() * rows));
    const xs = [rows, ...inner];
    await compare(
      'GatherV2',
      { x: { shape: xs, values: randArray(size(xs)) }, indices: { shape: idx, values: ids, dtype: 'int32' } },
      { axis: 0, batchDims: 0 },
    );
  });

  it('frees every intermediate it allocates', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randArray(2 * 9 * 9 * 3), [2, 9, 9, 3]);
    const filter = tf.tensor4d(randArray(3 * 3 * 3 * 4), [3, 3, 3, 4]);
    const loss = (xx: tf.Tensor4D, ff: tf.Tensor4D) =>
      tf.sum(tf.maxPool(tf.relu(tf.conv2d(xx, ff, 2, 'same')), 2, 2, 'same'));
    const g = tf.grads(loss as (...a: tf.Tensor[]) => tf.Tensor);
    tf.dispose(g([x, filter])); // warm-up (first calls may allocate caches)
    // Kernel intermediates never reach the engine, so count the wasm
    // backend's own buffers too.
    const buffers = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();
    const before = { ...tf.memory(), buffers: buffers() };
    tf.dispose(g([x, filter]));
    const after = { ...tf.memory(), buffers: buffers() };
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.buffers).toBe(before.buffers);
    tf.dispose([x, filter]);
  });
});
