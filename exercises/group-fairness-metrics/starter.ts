// Starter: the selection rates are right.
// TODO: the true-positive rate is P(prediction = 1 | label = 1) within the group: count only
//       the group's positive examples, not all its examples.
// TODO: the gaps are max - min over the groups; the disadvantaged group has the lowest TPR
//       (first in sorted order on a tie). Validate the inputs.

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
  const names = [...new Set(groups)].sort();
  const selectionRate = names.map((g) => {
    const idx = groups.map((x, i) => (x === g ? i : -1)).filter((i) => i >= 0);
    return idx.reduce((s, i) => s + predictions[i], 0) / idx.length;
  });
  const truePositiveRate = names.map((g) => {
    const idx = groups.map((x, i) => (x === g ? i : -1)).filter((i) => i >= 0);
    return idx.reduce((s, i) => s + predictions[i] * labels[i], 0) / idx.length;
  });
  return {
    groups: names,
    selectionRate,
    truePositiveRate,
    demographicParityGap: selectionRate[0] - selectionRate[1],
    equalOpportunityGap: truePositiveRate[0] - truePositiveRate[1],
    disadvantaged: names[0],
  };
}
