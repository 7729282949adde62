// Starter: flags every example whose most probable class is not its label, in index order.
// On a class that the model finds hard (probabilities spread out) this flags far too many.
// TODO: use per-class thresholds t_j (the mean p_j over the examples labelled j) and flag an
//       example only when the most probable class among those with p_j >= t_j differs from its label.
// TODO: rank the issues by the probability of the given label, lowest first.
// TODO: validate the inputs.

export default function findLabelIssues(
  probs: number[][],
  labels: number[],
): { issues: number[]; suggested: number[]; noiseRate: number } {
  const issues: number[] = [];
  const suggested: number[] = [];
  probs.forEach((row, i) => {
    const best = row.indexOf(Math.max(...row));
    if (best !== labels[i]) {
      issues.push(i);
      suggested.push(best);
    }
  });
  return { issues, suggested, noiseRate: issues.length / probs.length };
}
