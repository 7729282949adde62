// Starter: the generator is right, the rest has three bugs a reviewer should catch.
// TODO: j is drawn from 0..i-1, so an element can never stay in place (that is Sattolo's
//       algorithm, which only produces cyclic permutations, not uniform shuffles).
// TODO: the generator is re-created every epoch, so every epoch has the same order.
// TODO: the last partial batch is always dropped; dropLast should decide.
// TODO: check the other inputs too (integers, seed range).

const MODULUS = 4294967296; // 2^32

export default function seededBatches(
  n: number,
  batchSize: number,
  seed: number,
  epochs: number,
  dropLast: boolean,
): number[][][] {
  void dropLast;
  if (batchSize < 1) throw new Error('batchSize must be at least 1');
  const result: number[][][] = [];
  for (let e = 0; e < epochs; e++) {
    let state = seed;
    const uniform = (): number => {
      state = (1664525 * state + 1013904223) % MODULUS;
      return state / MODULUS;
    };
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i >= 1; i--) {
      const j = Math.floor(uniform() * i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const batches: number[][] = [];
    for (let start = 0; start + batchSize <= n; start += batchSize) batches.push(order.slice(start, start + batchSize));
    result.push(batches);
  }
  return result;
}
