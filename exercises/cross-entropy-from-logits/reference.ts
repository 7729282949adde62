// Reference: the loss of one example is logsumexp(z) - z[label], with the log-sum-exp taken
// after subtracting the row's maximum, so it stays finite for logits of any size.
export default function crossEntropy(logits: number[][], labels: number[]): number {
  if (logits.length === 0) throw new Error('empty batch: the mean loss is undefined');
  if (logits.length !== labels.length) throw new Error('logits and labels differ in length');
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const row = logits[i];
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= row.length) throw new Error(`label ${label} is out of range`);
    let max = -Infinity;
    for (const z of row) if (z > max) max = z;
    let sum = 0;
    for (const z of row) sum += Math.exp(z - max);
    total += max + Math.log(sum) - row[label];
  }
  return total / logits.length;
}
