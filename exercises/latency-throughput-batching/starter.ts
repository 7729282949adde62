// Starter: picks the batch size with the most capacity among those whose compute time fits
// the budget.
// TODO: a request also waits while its batch fills up; that wait counts against the budget.
// TODO: a batch size whose capacity is below the request rate falls further behind every
//       second; it is never a valid choice.
// TODO: ties, duplicates and invalid inputs, as the statement says.
interface Timing {
  batchSize: number;
  millis: number;
}
interface Choice {
  batchSize: number;
  waitMs: number;
  worstLatencyMs: number;
  capacityPerSecond: number;
}

export default function chooseBatch(timings: Timing[], rate: number, latencyBudgetMs: number): Choice | null {
  let best: Choice | null = null;
  for (const { batchSize, millis } of timings) {
    const capacityPerSecond = (1000 * batchSize) / millis;
    if (millis > latencyBudgetMs) continue;
    if (best === null || capacityPerSecond > best.capacityPerSecond)
      best = { batchSize, waitMs: 0, worstLatencyMs: millis, capacityPerSecond };
  }
  void rate;
  return best;
}
