import { describe, it, expect } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine, EngineUnavailableError } from './engine.js';

describe('initEngine', () => {
  it('refuses the pure-JS cpu backend unless the caller allows it', async () => {
    await expect(initEngine({ prefer: 'cpu', logger: () => undefined })).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it('picks wasm with SIMD when tfjs-node is not installed, logs it once and registers the training kernels', async () => {
    const lines: string[] = [];
    const info = await initEngine({ logger: (m) => lines.push(m) });
    expect(info.name).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    await initEngine({ logger: (m) => lines.push(m) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/engine: wasm .*SIMD on/);
  });

  it('gives the cpu backend when explicitly allowed (tests, sandbox)', async () => {
    const info = await initEngine({ prefer: 'cpu', allowCpu: true, logger: () => undefined });
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
