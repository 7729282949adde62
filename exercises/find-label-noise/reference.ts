// Reference: the counting step of confident learning (Northcutt, Jiang and Chuang, 2021):
// per-class thresholds t_j = mean predicted p_j over the examples labelled j; an example is
// confidently in class j when p_j >= t_j; it is an issue when the most probable of those
// classes is not its given label.

export default function findLabelIssues(
  probs: number[][],
  labels: number[],
): { issues: number[]; suggested: number[]; noiseRate: number } {
  const n = probs.length;
  if (n === 0 || labels.length !== n) throw new Error('need one label per row, and at least one row');
  const k = probs[0].length;
  if (k < 2) throw new Error('need at least two classes');
  probs.forEach((row, i) => {
    if (row.length !== k) throw new Error(`row ${i} has ${row.length} probabilities, expected ${k}`);
    if (row.some((p) => !(p >= 0 && p <= 1))) throw new Error(`row ${i} has a value outside [0, 1]`);
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= k) throw new Error(`label ${i} is not a class id`);
  });
  const sums = new Array<number>(k).fill(0);
  const counts = new Array<number>(k).fill(0);
  probs.forEach((row, i) => {
    sums[labels[i]] += row[labels[i]];
    counts[labels[i]]++;
  });
  // A class nobody is labelled with has no threshold: no example can be confidently in it.
  const thresholds = sums.map((s, j) => (counts[j] === 0 ? Infinity : s / counts[j]));
  const found: { i: number; j: number; self: number }[] = [];
  probs.forEach((row, i) => {
    let best = -1;
    for (let j = 0; j < k; j++) if (row[j] >= thresholds[j] && (best < 0 || row[j] > row[best])) best = j;
    if (best >= 0 && best !== labels[i]) found.push({ i, j: best, self: row[labels[i]] });
  });
  // Most suspicious first: lowest probability of the given label; ties by index.
  found.sort((a, b) => a.self - b.self || a.i - b.i);
  return { issues: found.map((f) => f.i), suggested: found.map((f) => f.j), noiseRate: found.length / n };
}
