// Starter: computes the statistics in one pass, over both splits together.
// TODO: fit on the training rows only; the test split must not influence the transform.
// TODO: E[x^2] - E[x]^2 cancels catastrophically for features with a large offset (and can
//       even come out negative). Use the deviations from the mean.
// TODO: a constant feature has standard deviation 0; use 1 instead, as the statement says.
// TODO: refuse an empty training split and rows of the wrong length.

export default function standardise(
  train: number[][],
  test: number[][],
): { mean: number[]; std: number[]; train: number[][]; test: number[][] } {
  const all = [...train, ...test];
  const d = all[0].length;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    let s2 = 0;
    for (const r of all) {
      s += r[j];
      s2 += r[j] * r[j];
    }
    const m = s / all.length;
    mean.push(m);
    std.push(Math.sqrt(s2 / all.length - m * m));
  }
  const apply = (rows: number[][]) => rows.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
  return { mean, std, train: apply(train), test: apply(test) };
}
