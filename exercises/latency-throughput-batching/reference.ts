// Reference: requests arrive evenly at `rate` per second; a batch of b is sent when its b-th
// request arrives. The first request of a batch waits for the other b - 1, then for the batch
// to be computed. The server keeps up when one batch is computed before the next is full.
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
  if (!(rate > 0) || !Number.isFinite(rate)) throw new Error('the request rate must be a positive number');
  if (!(latencyBudgetMs > 0)) throw new Error('the latency budget must be positive');
  const seen = new Set<number>();
  let best: Choice | null = null;
  for (const { batchSize: b, millis: t } of timings) {
    if (!Number.isInteger(b) || b < 1 || !(t > 0)) throw new Error(`bad timing for batch size ${b}`);
    if (seen.has(b)) throw new Error(`batch size ${b} is listed twice`);
    seen.add(b);
    const waitMs = (1000 * (b - 1)) / rate;
    const worstLatencyMs = waitMs + t;
    const capacityPerSecond = (1000 * b) / t;
    if (worstLatencyMs > latencyBudgetMs || capacityPerSecond < rate) continue;
    if (
      best === null ||
      capacityPerSecond > best.capacityPerSecond ||
      (capacityPerSecond === best.capacityPerSecond && b < best.batchSize)
    )
      best = { batchSize: b, waitMs, worstLatencyMs, capacityPerSecond };
  }
  return best;
}
