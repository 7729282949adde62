// Reference: per-group rates, then the two standard gaps. Groups are reported in sorted order
// (by UTF-16 code units, i.e. the default sort of strings).

export default function fairnessGaps(
  predictions: number[],
  labels: number[],
  groups: string[],
): {
  groups: string[];
  selectionRate: number[];
  truePositiveRate: number[];
  demographicParityGap: number;
  equalOpportunityGap: number;
  disadvantaged: string;
} {
  const n = predictions.length;
  if (n === 0 || labels.length !== n || groups.length !== n) throw new Error('three arrays of the same, non-zero length');
  const isBit = (v: unknown) => v === 0 || v === 1;
  if (!predictions.every(isBit) || !labels.every(isBit)) throw new Error('predictions and labels must be 0 or 1');
  const names = [...new Set(groups)].sort();
  if (names.length < 2) throw new Error('need at least two groups to compare');
  const selectionRate: number[] = [];
  const truePositiveRate: number[] = [];
  for (const g of names) {
    let size = 0;
    let selected = 0;
    let positives = 0;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      if (groups[i] !== g) continue;
      size++;
      selected += predictions[i];
      if (labels[i] === 1) {
        positives++;
        hits += predictions[i];
      }
    }
    if (positives === 0) throw new Error(`group ${g} has no positive example: its true-positive rate is undefined`);
    selectionRate.push(selected / size);
    truePositiveRate.push(hits / positives);
  }
  const gap = (v: number[]) => Math.max(...v) - Math.min(...v);
  // Equal opportunity: the qualified members of this group are the least often accepted.
  const worst = truePositiveRate.indexOf(Math.min(...truePositiveRate));
  return {
    groups: names,
    selectionRate,
    truePositiveRate,
    demographicParityGap: gap(selectionRate),
    equalOpportunityGap: gap(truePositiveRate),
    disadvantaged: names[worst],
  };
}
