/**
 * Seeded randomness for training.
 *
 * tfjs draws from a seeded `alea` generator when an op gets a seed and from
 * `Math.random()` when it does not. We make runs reproducible two ways:
 * - weight initialisation: `seedModelJSON` writes a distinct integer seed
 *   into every initializer config of a model topology (tfjs-layers'
 *   RandomUniform/Normal, TruncatedNormal, VarianceScaling (Glorot, He,
 *   LeCun) and Orthogonal initialisers honour `seed`), so a model rebuilt
 *   with `tf.models.modelFromJSON` gets the same weights every time;
 * - everything else that is random in a training step (dropout masks): the
 *   fit loop runs each synchronous step inside `withSeededRandom`, which
 *   swaps `Math.random` for a seeded generator and puts the original back
 *   before any other code can run.
 */

/** Small fast 32-bit PRNG (mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs a synchronous function with Math.random replaced by `rng`. */
export function withSeededRandom<T>(rng: () => number, fn: () => T): T {
  const original = Math.random;
  Math.random = rng;
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** In-place Fisher–Yates shuffle driven by `rng`. */
export function shuffleInPlace(a: Int32Array, rng: () => number): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Returns a copy of a tfjs/Keras model topology (`model.toJSON(null, false)`
 * or its `modelTopology`) where every initializer that takes a seed gets one:
 * `seed + k` for the k-th initializer met in a depth-first walk. Initializers
 * that already have a seed keep it.
 */
export function seedModelJSON<T>(topology: T, seed: number): T {
  const copy = JSON.parse(JSON.stringify(topology)) as Json;
  let k = 0;
  const visit = (node: Json, key: string | null): void => {
    if (Array.isArray(node)) {
      for (const v of node) visit(v, null);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (key !== null && /initializer$/i.test(key) && typeof node.class_name === 'string') {
      const cfg = (node.config ?? {}) as { [k: string]: Json };
      if (cfg.seed === undefined || cfg.seed === null) {
        // Zeros/Ones/Constant/Identity ignore it; harmless.
        if (!/^(Zeros|Ones|Constant|Identity)$/.test(node.class_name)) cfg.seed = seed + k;
      }
      node.config = cfg;
      k++;
    }
    for (const [kk, v] of Object.entries(node)) visit(v, kk);
  };
  visit(copy, null);
  return copy as T;
}
