import { describe, it, expect } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine, EngineUnavailableError, startupLine } from './engine.js';
import { loadNativeAddon } from './native-kernels/index.js';
import { threadsPerJob, trainerThreads } from './threads.js';

describe('initEngine', () => {
  it('refuses the pure-JS cpu backend unless the caller allows it', async () => {
    await expect(initEngine({ prefer: 'cpu', logger: () => undefined })).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it('picks wasm with SIMD when tfjs-node is not installed, logs it once and registers the training kernels', async () => {
    const lines: string[] = [];
    const info = await initEngine({ logger: (m) => lines.push(m) });
    // 'native' when the addon in native/ was built (oneDNN and OpenBLAS installed), else 'wasm'.
    expect(info.name).toBe(loadNativeAddon().loaded ? 'native' : 'wasm');
    expect(info.backend).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    await initEngine({ logger: (m) => lines.push(m) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/engine: (wasm|native) .*SIMD on/);
    expect(lines[0]).toMatch(info.name === 'native' ? /native kernels: Conv2D, / : /native kernels off: /);
  });

  it('says which engine and kernels run, and which packages make training faster', () => {
    const wasm = { name: 'wasm', backend: 'wasm', simd: true, threads: 1 } as const;
    expect(startupLine({ ...wasm, nativeUnavailable: 'the native addon was not built' })).toMatch(
      /engine: wasm .*native kernels off: the native addon was not built \(training is faster with: apt-get install -y libdnnl-dev libopenblas-dev\)$/,
    );
    expect(startupLine({ ...wasm, nativeUnavailable: 'TRAINER_NATIVE=off' })).toMatch(
      /native kernels off: TRAINER_NATIVE=off$/,
    );
    const native = {
      dnnl: '2.6.3',
      isa: 'avx2',
      blas: 'OpenBLAS 0.3.21',
      threads: 3,
      kernels: ['Conv2D', 'BatchMatMul'],
    };
    expect(startupLine({ ...wasm, name: 'native', threads: 3, native })).toMatch(
      /engine: native .*oneDNN 2\.6\.3 avx2, OpenBLAS 0\.3\.21, 3 threads\); native kernels: Conv2D, BatchMatMul; the rest on wasm$/,
    );
  });

  it('takes TRAINER_THREADS over the caller, and the caller over every core', () => {
    expect(trainerThreads(2, { TRAINER_THREADS: '5' })).toBe(5);
    expect(trainerThreads(2, { TRAINER_THREADS: 'lots' })).toBe(2);
    expect(trainerThreads(undefined, {})).toBeGreaterThanOrEqual(1);
    expect(trainerThreads(0, { TRAINER_THREADS: '0' })).toBe(trainerThreads(undefined, {}));
  });

  it('gives a starting job cores ÷ running jobs, at least one', () => {
    expect(threadsPerJob(1, 8)).toBe(8);
    expect(threadsPerJob(3, 8)).toBe(2);
    expect(threadsPerJob(5, 2)).toBe(1);
    expect(threadsPerJob(0, 2)).toBe(2);
  });

  it('gives the cpu backend when explicitly allowed (tests, sandbox)', async () => {
    const info = await initEngine({ prefer: 'cpu', allowCpu: true, logger: () => undefined });
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
