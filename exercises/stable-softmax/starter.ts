// Starter: the textbook formula. It is right for small logits, but Math.exp(1000) is
// Infinity and Infinity / Infinity is NaN. TODO: make it numerically stable.
export default function softmax(logits: number[]): number[] {
  const exps = logits.map((x) => Math.exp(x));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
