// Reference: scikit-learn's "balanced" weights n / (K * n_c) (0 for a class absent from the
// training labels), and PyTorch's CrossEntropyLoss(weight=w) with reduction 'mean':
// sum_i w[y_i] * CE_i / sum_i w[y_i], CE from a stable log-softmax.

function logSoftmaxAt(logits: number[], k: number): number {
  const m = Math.max(...logits);
  if (m === -Infinity) throw new Error('every logit is -Infinity');
  let s = 0;
  for (const z of logits) s += Math.exp(z - m);
  return logits[k] - m - Math.log(s);
}

const isClass = (y: unknown, k: number): y is number => typeof y === 'number' && Number.isInteger(y) && y >= 0 && y < k;

export default function weightedLoss(
  trainLabels: number[],
  numClasses: number,
  logits: number[][],
  labels: number[],
): { weights: number[]; loss: number } {
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new Error('numClasses must be an integer >= 2');
  if (trainLabels.length === 0) throw new Error('no training labels');
  const counts = new Array<number>(numClasses).fill(0);
  for (const y of trainLabels) {
    if (!isClass(y, numClasses)) throw new Error(`bad training label ${y}`);
    counts[y]++;
  }
  const n = trainLabels.length;
  const weights = counts.map((c) => (c === 0 ? 0 : n / (numClasses * c)));
  if (logits.length === 0 || logits.length !== labels.length) throw new Error('the batch must be non-empty, one label per row');
  let num = 0;
  let den = 0;
  logits.forEach((row, i) => {
    const y = labels[i];
    if (row.length !== numClasses || !isClass(y, numClasses)) throw new Error(`batch row ${i} is malformed`);
    num += weights[y] * -logSoftmaxAt(row, y);
    den += weights[y];
  });
  if (den === 0) throw new Error('every example in the batch has weight 0');
  return { weights, loss: num / den };
}
