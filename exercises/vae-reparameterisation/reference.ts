// Reference: the reparameterisation trick and the closed-form KL divergence between the
// diagonal Gaussian N(mu, exp(logVar)) and N(0, I) (Kingma and Welling, 2014, appendix B).

export default function vaeSample(
  mu: number[][],
  logVar: number[][],
  eps: number[][],
): { z: number[][]; kl: number[]; meanKl: number } {
  if (mu.length === 0) throw new Error('the batch is empty');
  if (logVar.length !== mu.length || eps.length !== mu.length) throw new Error('batch sizes differ');
  const z: number[][] = [];
  const kl: number[] = [];
  for (let i = 0; i < mu.length; i++) {
    const m = mu[i];
    const lv = logVar[i];
    const e = eps[i];
    if (m.length === 0 || lv.length !== m.length || e.length !== m.length)
      throw new Error(`example ${i}: the latent sizes differ or are zero`);
    const row: number[] = [];
    let sum = 0;
    for (let j = 0; j < m.length; j++) {
      // sigma = exp(logVar / 2): the network predicts the log of the variance, not of sigma.
      row.push(m[j] + Math.exp(0.5 * lv[j]) * e[j]);
      sum += Math.exp(lv[j]) + m[j] * m[j] - 1 - lv[j];
    }
    z.push(row);
    kl.push(0.5 * sum);
  }
  const meanKl = kl.reduce((a, b) => a + b, 0) / kl.length;
  return { z, kl, meanKl };
}
