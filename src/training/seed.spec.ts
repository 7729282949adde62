import { describe, expect, it } from '@jest/globals';
import { mulberry32, seedModelJSON, shuffleInPlace, withSeededRandom } from './seed.js';

describe('seeded randomness', () => {
  it('mulberry32 gives the same floats in [0, 1) for the same seed and others for another', () => {
    const a = Array.from({ length: 5 }, mulberry32(7));
    const b = Array.from({ length: 5 }, mulberry32(7));
    const c = Array.from({ length: 5 }, mulberry32(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const v of a) expect(v >= 0 && v < 1).toBe(true);
  });

  it('withSeededRandom swaps Math.random only while the function runs, even when it throws', () => {
    const original = Math.random;
    expect(
      withSeededRandom(
        () => 0.25,
        () => Math.random(),
      ),
    ).toBe(0.25);
    expect(Math.random).toBe(original);
    expect(() =>
      withSeededRandom(mulberry32(1), () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Math.random).toBe(original);
  });

  it('shuffles in place into a permutation that the seed decides', () => {
    const order = (seed: number) =>
      shuffleInPlace(
        Int32Array.from({ length: 20 }, (_, i) => i),
        mulberry32(seed),
      );
    const one = order(3);
    expect(Array.from(one).sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(order(3)).toEqual(one);
    expect(order(4)).not.toEqual(one);
  });

  it('gives every seeded initializer its own seed, keeps given ones and leaves constant ones alone', () => {
    const topology = {
      config: {
        layers: [
          {
            config: {
              kernel_initializer: { class_name: 'GlorotUniform', config: {} },
              bias_initializer: { class_name: 'Zeros', config: {} },
            },
          },
          {
            config: {
              recurrent_initializer: { class_name: 'Orthogonal', config: { seed: 99 } },
              kernel_initializer: { class_name: 'HeNormal', config: { seed: null } },
            },
          },
        ],
      },
    };
    const seeded = seedModelJSON(topology, 100);
    const [first, second] = seeded.config.layers as unknown as Array<{
      config: Record<string, { config: { seed?: number | null } }>;
    }>;
    expect(first!.config.kernel_initializer!.config.seed).toBe(100);
    expect(first!.config.bias_initializer!.config.seed).toBeUndefined();
    expect(second!.config.recurrent_initializer!.config.seed).toBe(99);
    expect(second!.config.kernel_initializer!.config.seed).toBe(103);
    // The input is not changed.
    expect(topology.config.layers[0]!.config.kernel_initializer.config).toEqual({});
  });
});
