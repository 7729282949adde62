// Reference: the rule of Keras's EarlyStopping callback (monitor a loss, mode 'min'): an epoch
// improves when its loss is below best - minDelta; otherwise the wait grows, and training stops
// at the end of the epoch where the wait reaches the patience. NaN never improves.

export default function earlyStopping(
  losses: number[],
  patience: number,
  minDelta: number,
): { stopEpoch: number; stoppedEarly: boolean; bestEpoch: number; bestLoss: number } {
  if (losses.length === 0) throw new Error('no epochs');
  if (!Number.isInteger(patience) || patience < 0) throw new Error('patience must be an integer >= 0');
  if (!(minDelta >= 0)) throw new Error('minDelta must be >= 0');
  let best = Infinity;
  let bestEpoch = 0;
  let wait = 0;
  for (let e = 0; e < losses.length; e++) {
    if (losses[e] < best - minDelta) {
      best = losses[e];
      bestEpoch = e + 1;
      wait = 0;
    } else {
      wait++;
      if (wait >= patience) return { stopEpoch: e + 1, stoppedEarly: e + 1 < losses.length, bestEpoch, bestLoss: best };
    }
  }
  return { stopEpoch: losses.length, stoppedEarly: false, bestEpoch, bestLoss: best };
}
