import { describe, it, expect, beforeAll } from '@jest/globals';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initEngine, type EngineInfo } from './engine.js';
import { kernelCalls, loadNativeAddon, resetKernelCalls } from './native-kernels/index.js';
import { mulberry32 } from './seed.js';

/**
 * The native kernels (oneDNN, OpenBLAS on the wasm heap) against the cpu backend, element-wise:
 * |native − cpu| ≤ 1e-4 · max(1, |cpu|). Every case must run natively (no fallback call).
 * Where the libraries are installed, or in CI (.ci/run installs them), the addon must be built
 * and loaded: a missing addon fails here instead of silently training on wasm.
 */
const expectNative = process.env.CI === 'true' || existsSync('/usr/include/oneapi/dnnl/dnnl.hpp');
const native = loadNativeAddon();
const maybe = native.loaded ? describe : describe.skip;

const rand = mulberry32(99);
const randArray = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
type Input = { shape: number[]; values: Float32Array };

function run(kernel: string, inputs: Record<string, Input>, attrs: Record<string, unknown>) {
  return tf.tidy(() => {
    const ts: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape);
    const out = tf.engine().runKernel(kernel, ts, attrs as NamedAttrMap) as tf.Tensor;
    return { shape: out.shape, values: out.dataSync() as Float32Array };
  });
}

/** `counted`: the native kernel that does the work (Mean runs the registered Sum). */
async function compare(
  kernel: string,
  inputs: Record<string, Input>,
  attrs: Record<string, unknown>,
  counted: string = kernel,
) {
  await tf.setBackend('cpu');
  const ref = run(kernel, inputs, attrs);
  await tf.setBackend('wasm');
  const before = kernelCalls()[counted] ?? { native: 0, fallback: 0 };
  const got = run(kernel, inputs, attrs);
  const after = kernelCalls()[counted];
  expect(got.shape).toEqual(ref.shape);
  expect(after.native).toBe(before.native + 1);
  expect(after.fallback).toBe(before.fallback);
  let worst = 0;
  for (let i = 0; i < ref.values.length; i++) {
    const excess = Math.abs(got.values[i] - ref.values[i]) / Math.max(1, Math.abs(ref.values[i]));
    worst = Math.max(worst, excess);
  }
  if (!(worst <= 1e-4)) throw new Error(`${kernel} ${JSON.stringify(attrs)}: error ${worst} (bound 1e-4)`);
}

const outDim = (n: number, k: number, s: number, pad: 'same' | 'valid', d = 1) =>
  pad === 'same' ? Math.ceil(n / s) : Math.ceil((n - ((k - 1) * d + 1) + 1) / s);

interface ConvCase {
  n: number;
  h: number;
  w: number;
  c: number;
  f: number;
  k: [number, number];
  stride: number;
  dilation: number;
  pad: 'same' | 'valid';
}
const convCases: ConvCase[] = [];
for (const stride of [1, 2])
  for (const pad of ['same', 'valid'] as const)
    for (const k of [
      [1, 1],
      [2, 2],
      [3, 3],
      [5, 5],
      [3, 2],
    ] as Array<[number, number]>)
      convCases.push({ n: stride === 1 ? 2 : 3, h: 9, w: 8, c: k[0] === 3 ? 3 : 4, f: 5, k, stride, dilation: 1, pad });
convCases.push({ n: 1, h: 7, w: 7, c: 16, f: 8, k: [3, 3], stride: 2, dilation: 1, pad: 'same' });
convCases.push({ n: 5, h: 32, w: 32, c: 3, f: 32, k: [3, 3], stride: 1, dilation: 1, pad: 'valid' });
convCases.push({ n: 4, h: 15, w: 15, c: 32, f: 64, k: [3, 3], stride: 1, dilation: 1, pad: 'valid' });
const dilated: ConvCase[] = [
  { n: 2, h: 11, w: 10, c: 3, f: 4, k: [3, 3], stride: 1, dilation: 2, pad: 'same' },
  { n: 2, h: 11, w: 10, c: 5, f: 6, k: [2, 3], stride: 1, dilation: 3, pad: 'valid' },
];

maybe('native training kernels match the cpu backend', () => {
  let engine: EngineInfo;
  beforeAll(async () => {
    engine = await initEngine({ prefer: 'wasm', threads: 2, logger: () => undefined });
  });

  it('run as the engine, on the wasm backend', () => {
    expect(engine.name).toBe('native');
    expect(engine.backend).toBe('wasm');
    expect(engine.native?.kernels).toEqual(
      expect.arrayContaining(['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul']),
    );
  });

  const geometry = (k: ConvCase) => {
    const oh = outDim(k.h, k.k[0], k.stride, k.pad, k.dilation);
    const ow = outDim(k.w, k.k[1], k.stride, k.pad, k.dilation);
    return {
      x: { shape: [k.n, k.h, k.w, k.c], values: randArray(k.n * k.h * k.w * k.c) },
      filter: { shape: [k.k[0], k.k[1], k.c, k.f], values: randArray(k.k[0] * k.k[1] * k.c * k.f) },
      dy: { shape: [k.n, oh, ow, k.f], values: randArray(k.n * oh * ow * k.f) },
      attrs: { strides: [k.stride, k.stride], pad: k.pad, dataFormat: 'NHWC', dimRoundingMode: undefined },
    };
  };

  it.each([...convCases, ...dilated])(
    'Conv2D and FusedConv2D n=$n h=$h w=$w c=$c f=$f k=$k stride=$stride dilation=$dilation $pad',
    async (k) => {
      const g = geometry(k);
      const attrs = { ...g.attrs, dilations: [k.dilation, k.dilation] };
      await compare('Conv2D', { x: g.x, filter: g.filter }, attrs);
      const bias = { shape: [k.f], values: randArray(k.f) };
      for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'elu', 'sigmoid'])
        await compare('FusedConv2D', { x: g.x, filter: g.filter, bias }, { ...attrs, activation, leakyreluAlpha: 0.1 });
    },
  );

  it.each(convCases)('Conv2DBackpropInput/Filter n=$n h=$h w=$w c=$c f=$f k=$k stride=$stride $pad', async (k) => {
    const g = geometry(k);
    await compare('Conv2DBackpropInput', { dy: g.dy, filter: g.filter }, { ...g.attrs, inputShape: g.x.shape });
    await compare('Conv2DBackpropFilter', { x: g.x, dy: g.dy }, { ...g.attrs, filterShape: g.filter.shape });
  });

  it('explicit padding', async () => {
    const x = { shape: [2, 8, 7, 3], values: randArray(2 * 8 * 7 * 3) };
    const filter = { shape: [3, 3, 3, 4], values: randArray(3 * 3 * 3 * 4) };
    const pad = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ];
    await compare('Conv2D', { x, filter }, { strides: [2, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    // out: h = floor((8+3-3)/2)+1 = 5, w = floor((7+1-3)/1)+1 = 6
    const dy = { shape: [2, 5, 6, 4], values: randArray(2 * 5 * 6 * 4) };
    await compare(
      'Conv2DBackpropInput',
      { dy, filter },
      { strides: [2, 1], pad, dataFormat: 'NHWC', inputShape: x.shape },
    );
    await compare(
      'Conv2DBackpropFilter',
      { x, dy },
      { strides: [2, 1], pad, dataFormat: 'NHWC', filterShape: filter.shape },
    );
  });

  const products: Array<{ a: number[]; b: number[]; tA: boolean; tB: boolean }> = [];
  for (const tA of [false, true])
    for (const tB of [false, true]) {
      products.push({ a: tA ? [37, 19] : [19, 37], b: tB ? [23, 37] : [37, 23], tA, tB });
      products.push({ a: tA ? [3, 16, 8] : [3, 8, 16], b: tB ? [3, 5, 16] : [3, 16, 5], tA, tB });
      products.push({ a: tA ? [1, 64, 64] : [1, 64, 64], b: tB ? [4, 10, 64] : [4, 64, 10], tA, tB });
      products.push({ a: tA ? [2, 2, 33, 9] : [2, 2, 9, 33], b: tB ? [1, 17, 33] : [1, 33, 17], tA, tB });
    }

  it.each(products)('BatchMatMul and _FusedMatMul a=$a b=$b transposeA=$tA transposeB=$tB', async (p) => {
    const a = { shape: p.a, values: randArray(size(p.a)) };
    const b = { shape: p.b, values: randArray(size(p.b)) };
    const attrs = { transposeA: p.tA, transposeB: p.tB };
    await compare('BatchMatMul', { a, b }, attrs);
    const n = p.tB ? p.b[p.b.length - 2] : p.b[p.b.length - 1];
    const bias = { shape: [n], values: randArray(n) };
    for (const activation of ['linear', 'relu', 'sigmoid', 'leakyrelu'])
      await compare('_FusedMatMul', { a, b, bias }, { ...attrs, activation, leakyreluAlpha: 0.3 });
  });

  const pools: Array<{
    n: number;
    h: number;
    w: number;
    c: number;
    k: number;
    stride: number;
    pad: 'same' | 'valid';
    ties: boolean;
  }> = [];
  for (const k of [2, 3])
    for (const stride of [1, 2])
      for (const pad of ['same', 'valid'] as const)
        for (const ties of [false, true]) pools.push({ n: 3, h: 9, w: 8, c: 5, k, stride, pad, ties });
  pools.push({ n: 4, h: 30, w: 30, c: 32, k: 2, stride: 2, pad: 'valid', ties: true });

  it.each(pools)('MaxPool and MaxPoolGrad n=$n h=$h w=$w c=$c k=$k stride=$stride $pad ties=$ties', async (p) => {
    const shape = [p.n, p.h, p.w, p.c];
    // With ties (ReLU'd inputs: many zeros, and few distinct values) the gradient must still
    // go to the first maximum of each window, as on cpu.
    const values = randArray(size(shape)).map((v) => (p.ties ? Math.max(0, Math.round(v * 2) / 2) : v));
    const x = { shape, values };
    const attrs = { filterSize: [p.k, p.k], strides: [p.stride, p.stride], pad: p.pad, dimRoundingMode: undefined };
    await compare('MaxPool', { x }, attrs);
    await tf.setBackend('cpu');
    const y = run('MaxPool', { x }, attrs);
    const output = { shape: y.shape, values: y.values };
    const dy = { shape: y.shape, values: randArray(size(y.shape)) };
    await compare('MaxPoolGrad', { dy, input: x, output }, attrs);
  });

  it.each([
    { shape: [64, 30, 30, 32], axis: [0, 1, 2] },
    { shape: [64, 10], axis: [0] },
    { shape: [5, 7, 3], axis: [0, 1] },
    { shape: [3, 4], axis: 0 },
  ])('Sum and Mean over the leading axes $shape $axis', async ({ shape, axis }) => {
    const x = { shape, values: randArray(size(shape)) };
    await compare('Sum', { x }, { axis, keepDims: false });
    await compare('Sum', { x }, { axis, keepDims: true });
    // Mean is the registered Sum (here the native one) scaled.
    await compare('Mean', { x }, { axis, keepDims: true }, 'Sum');
  });

  it('hands what it does not take to the kernel underneath, which still answers', async () => {
    await tf.setBackend('wasm');
    resetKernelCalls();
    const x = tf.tensor4d(randArray(2 * 3 * 6 * 6), [2, 3, 6, 6]);
    const filter = tf.tensor4d(randArray(3 * 3 * 3 * 4), [3, 3, 3, 4]);
    const prelu = tf.tensor1d(randArray(4));
    const y = tf.fused.conv2d({
      x: tf.transpose(x, [0, 2, 3, 1]),
      filter,
      strides: 1,
      pad: 'valid',
      activation: 'prelu',
      preluActivationWeights: prelu,
    });
    expect(y.shape).toEqual([2, 4, 4, 4]);
    expect(kernelCalls().FusedConv2D).toEqual({ native: 0, fallback: 1 });
    tf.dispose([x, filter, prelu, y]);
  });

  it('frees every intermediate: tensor and buffer counts do not grow', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const x = tf.randomNormal([4, 12, 12, 3]);
    const w = tf.randomNormal([3, 3, 3, 8]);
    const m = tf.randomNormal([16, 32]);
    const step = () =>
      tf.tidy(() => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.fused.conv2d({
              x: a as tf.Tensor4D,
              filter: b as tf.Tensor4D,
              strides: 1,
              pad: 'same',
              activation: 'relu',
              bias: tf.ones([8]),
            }),
          ),
        )([x, w]);
        const p = tf.matMul(m, m, true, false);
        return tf.add(tf.sum(g[1]), tf.sum(p));
      });
    tf.dispose(step());
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 5; i++) tf.dispose(step());
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    tf.dispose([x, w, m]);
  });
});

describe('the native addon where oneDNN and OpenBLAS are installed', () => {
  it('was built and loads (CI installs the packages, so a skipped build fails here)', () => {
    if (!expectNative) return;
    expect(native).toMatchObject({ loaded: true });
  });
});
