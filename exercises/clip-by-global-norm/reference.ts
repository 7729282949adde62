// Reference: the global norm is the L2 norm of all gradients taken together. It is computed
// after dividing by the largest magnitude, so squaring 1e200 cannot overflow. When it exceeds
// maxNorm every gradient is scaled by the same factor maxNorm / norm; otherwise nothing changes.
export default function clipByGlobalNorm(grads: number[][], maxNorm: number): { grads: number[][]; norm: number } {
  let largest = 0;
  for (const g of grads) for (const x of g) largest = Math.max(largest, Math.abs(x));
  if (largest === 0) return { grads: grads.map((g) => g.slice()), norm: 0 };
  let sum = 0;
  for (const g of grads) for (const x of g) sum += (x / largest) * (x / largest);
  const norm = largest * Math.sqrt(sum);
  if (norm <= maxNorm) return { grads: grads.map((g) => g.slice()), norm };
  const scale = maxNorm / norm;
  return { grads: grads.map((g) => g.map((x) => x * scale)), norm };
}
