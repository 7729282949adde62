// Starter: softmax first, then -log of the probability of the true class. Small logits work;
// large ones overflow (NaN) or underflow (log(0) = -Infinity). TODO: work in log space.
export default function crossEntropy(logits: number[][], labels: number[]): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const exps = logits[i].map((z) => Math.exp(z));
    const sum = exps.reduce((a, b) => a + b, 0);
    total += -Math.log(exps[labels[i]] / sum);
  }
  return total / logits.length;
}
