// Starter: clips each gradient by its own norm, which changes the direction of the update.
// TODO: one norm over all gradients, one scale factor for all of them, and no overflow.
export default function clipByGlobalNorm(grads: number[][], maxNorm: number): { grads: number[][]; norm: number } {
  let total = 0;
  const clipped = grads.map((g) => {
    const n = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
    total += n * n;
    return n > maxNorm ? g.map((x) => (x * maxNorm) / n) : g.slice();
  });
  return { grads: clipped, norm: Math.sqrt(total) };
}
