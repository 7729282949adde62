// Reference: confusion[i][j] counts examples of true class i predicted as class j.
// precision_k = C[k][k] / column sum k, recall_k = C[k][k] / row sum k, F1 their harmonic
// mean; each is 0 when its denominator is 0 (scikit-learn's zero_division=0).
// Macro F1 = mean of the per-class F1; micro F1 = correct / total (0 for an empty matrix).
export default function classificationReport(confusion: number[][]): {
  precision: number[];
  recall: number[];
  f1: number[];
  macroF1: number;
  microF1: number;
} {
  const k = confusion.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  let correct = 0;
  let total = 0;
  for (let c = 0; c < k; c++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += confusion[c][j];
      col += confusion[j][c];
      total += confusion[c][j];
    }
    const tp = confusion[c][c];
    correct += tp;
    const p = col === 0 ? 0 : tp / col;
    const r = row === 0 ? 0 : tp / row;
    precision.push(p);
    recall.push(r);
    f1.push(p + r === 0 ? 0 : (2 * p * r) / (p + r));
  }
  const macroF1 = k === 0 ? 0 : f1.reduce((a, b) => a + b, 0) / k;
  const microF1 = total === 0 ? 0 : correct / total;
  return { precision, recall, f1, macroF1, microF1 };
}
