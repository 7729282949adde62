// Starter: the shapes are handled, but two formulas are off.
// TODO: the encoder predicts log(sigma^2); check which power of exp(logVar) is sigma.
// TODO: the KL term below is missing pieces; derive KL(N(mu, sigma^2) || N(0, 1)) per dimension.

export default function vaeSample(
  mu: number[][],
  logVar: number[][],
  eps: number[][],
): { z: number[][]; kl: number[]; meanKl: number } {
  if (mu.length === 0) throw new Error('the batch is empty');
  const z = mu.map((m, i) => m.map((mj, j) => mj + Math.exp(logVar[i][j]) * eps[i][j]));
  const kl = mu.map((m, i) => 0.5 * m.reduce((s, mj, j) => s + mj * mj - logVar[i][j], 0));
  const meanKl = kl.reduce((a, b) => a + b, 0) / kl.length;
  return { z, kl, meanKl };
}
