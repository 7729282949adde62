// Starter: the formulas are right on paper, but they go through sigmoid and log. For a logit
// of 40, 1 - sigmoid(40) is exactly 0 in float64 and log(0) = -Infinity.
// TODO: rewrite both losses so they stay finite for any finite logit.
// TODO: refuse empty batches (a mean over nothing is not a loss).

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export default function ganLosses(
  realLogits: number[],
  fakeLogits: number[],
): { discriminator: number; generator: number } {
  let real = 0;
  for (const x of realLogits) real += -Math.log(sigmoid(x));
  let fake = 0;
  let gen = 0;
  for (const x of fakeLogits) {
    fake += -Math.log(1 - sigmoid(x));
    gen += -Math.log(sigmoid(x));
  }
  return {
    discriminator: real / realLogits.length + fake / fakeLogits.length,
    generator: gen / fakeLogits.length,
  };
}
