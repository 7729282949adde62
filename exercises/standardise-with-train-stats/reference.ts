// Reference: StandardScaler semantics (population standard deviation, a constant feature is
// scaled by 1), fitted on the training rows only. The variance is computed in two passes,
// around the mean, so features with a large offset keep their digits.

function checkRows(rows: number[][], name: string, d: number): void {
  rows.forEach((r, i) => {
    if (r.length !== d) throw new Error(`${name}[${i}] has ${r.length} features, expected ${d}`);
  });
}

export default function standardise(
  train: number[][],
  test: number[][],
): { mean: number[]; std: number[]; train: number[][]; test: number[][] } {
  if (train.length === 0) throw new Error('cannot fit on an empty training split');
  const d = train[0].length;
  checkRows(train, 'train', d);
  checkRows(test, 'test', d);
  const n = train.length;
  const mean = Array.from({ length: d }, (_, j) => train.reduce((s, r) => s + r[j], 0) / n);
  const std = mean.map((m, j) => {
    const variance = train.reduce((s, r) => s + (r[j] - m) * (r[j] - m), 0) / n;
    const sd = Math.sqrt(variance);
    return sd < 1e-8 ? 1 : sd; // a constant feature: centre it, do not blow it up
  });
  const apply = (rows: number[][]) => rows.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
  return { mean, std, train: apply(train), test: apply(test) };
}
