// Reference: the standard GAN losses written with a stable softplus, so that
// -log(sigmoid(x)) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x) never meet log(0).

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export default function ganLosses(
  realLogits: number[],
  fakeLogits: number[],
): { discriminator: number; generator: number } {
  if (realLogits.length === 0 || fakeLogits.length === 0) throw new Error('both batches must be non-empty');
  // Discriminator: binary cross-entropy with label 1 on real, label 0 on generated samples.
  const discriminator = mean(realLogits.map((x) => softplus(-x))) + mean(fakeLogits.map((x) => softplus(x)));
  // Non-saturating generator loss: -log D(G(z)), i.e. label 1 on generated samples.
  const generator = mean(fakeLogits.map((x) => softplus(-x)));
  return { discriminator, generator };
}
