// Reference: subtract the largest logit before exponentiating. exp(x - max) is at most 1, so
// nothing overflows, and the largest term is exactly 1, so the sum never underflows to 0.
// A logit of -Infinity (a masked position) gets probability 0.
export default function softmax(logits: number[]): number[] {
  if (logits.length === 0) return [];
  let max = -Infinity;
  for (const x of logits) if (x > max) max = x;
  const exps = logits.map((x) => Math.exp(x - max));
  let sum = 0;
  for (const e of exps) sum += e;
  return exps.map((e) => e / sum);
}
