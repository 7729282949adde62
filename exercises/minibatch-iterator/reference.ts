// Reference: a 32-bit linear congruential generator (the Numerical Recipes constants), a
// Fisher-Yates shuffle per epoch with the generator carried over between epochs, and batches
// cut in order. Every product stays below 2^53, so plain numbers are exact.

const MODULUS = 4294967296; // 2^32

function isInt(v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export default function seededBatches(
  n: number,
  batchSize: number,
  seed: number,
  epochs: number,
  dropLast: boolean,
): number[][][] {
  if (!isInt(n, 0) || !isInt(batchSize, 1) || !isInt(seed, 0, MODULUS - 1) || !isInt(epochs, 0))
    throw new Error('n and epochs must be integers >= 0, batchSize >= 1, seed in [0, 2^32)');
  let state = seed;
  const uniform = (): number => {
    state = (1664525 * state + 1013904223) % MODULUS;
    return state / MODULUS;
  };
  const result: number[][][] = [];
  for (let e = 0; e < epochs; e++) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i >= 1; i--) {
      const j = Math.floor(uniform() * (i + 1)); // 0 <= j <= i: the element may stay where it is
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    const batches: number[][] = [];
    for (let start = 0; start < n; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      if (batch.length < batchSize && dropLast) break;
      batches.push(batch);
    }
    result.push(batches);
  }
  return result;
}
