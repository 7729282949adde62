// Starter: a first attempt with three mistakes.
// TODO: an improvement must beat the best loss by more than minDelta.
// TODO: training stops when the number of epochs without improvement *reaches* the patience.
// TODO: report the best epoch (1-based) and loss, whether it stopped early; NaN never improves;
//       validate the inputs.

export default function earlyStopping(
  losses: number[],
  patience: number,
  minDelta: number,
): { stopEpoch: number; stoppedEarly: boolean; bestEpoch: number; bestLoss: number } {
  void minDelta;
  let best = losses[0];
  let bestEpoch = 1;
  let wait = 0;
  for (let e = 1; e < losses.length; e++) {
    if (losses[e] < best) {
      best = losses[e];
      bestEpoch = e + 1;
      wait = 0;
    } else if (++wait > patience) {
      return { stopEpoch: e + 1, stoppedEarly: true, bestEpoch, bestLoss: best };
    }
  }
  return { stopEpoch: losses.length, stoppedEarly: false, bestEpoch, bestLoss: best };
}
