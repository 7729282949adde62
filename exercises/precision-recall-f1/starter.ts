// Starter: precision and recall are read along the wrong axes, and a class that is never
// predicted (or never present) divides by zero. TODO: fix both, then the averages.
export default function classificationReport(confusion: number[][]): {
  precision: number[];
  recall: number[];
  f1: number[];
  macroF1: number;
  microF1: number;
} {
  const k = confusion.length;
  const rowSum = (c: number) => confusion[c].reduce((a, b) => a + b, 0);
  const colSum = (c: number) => confusion.reduce((a, row) => a + row[c], 0);
  const precision = confusion.map((_, c) => confusion[c][c] / rowSum(c));
  const recall = confusion.map((_, c) => confusion[c][c] / colSum(c));
  const f1 = precision.map((p, c) => (2 * p * recall[c]) / (p + recall[c]));
  const macroF1 = f1.reduce((a, b) => a + b, 0) / k;
  return { precision, recall, f1, macroF1, microF1: macroF1 };
}
