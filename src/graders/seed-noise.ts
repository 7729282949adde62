/**
 * Seed noise: the same code's test accuracy moves from one training seed to the next.
 *
 * Two sources of noise stand between a result and its threshold: the test set (the Wilson
 * interval of the run) and the seed (σ_seed of the exercise's reference, measured by
 * `npm run exercises:calibrate`). When a result lies within max(interval half-width,
 * 2 σ_seed) of the threshold, the worker trains the same submission again with a second seed
 * and grades the mean accuracy of the two runs.
 *
 *   closeToThreshold({ accuracy: 0.515, interval: { low: 0.505, high: 0.525 }, threshold: 0.52, sigmaSeed: 0.004 })
 *   // → { close: true, distance: 0.005, margin: 0.01 }
 */

export interface NoiseInput {
  accuracy: number;
  /** Wilson 95 % interval of this run on the test split. */
  interval: { low: number; high: number };
  threshold: number;
  /** σ of the reference's accuracy across seeds; 0 when the exercise is not calibrated (the interval alone decides). */
  sigmaSeed: number;
}

export interface NoiseVerdict {
  close: boolean;
  /** |accuracy − threshold|. */
  distance: number;
  /** max(interval half-width, 2 σ_seed). */
  margin: number;
}

export function closeToThreshold(i: NoiseInput): NoiseVerdict {
  const distance = Math.abs(i.accuracy - i.threshold);
  const halfWidth = Math.max(0, (i.interval.high - i.interval.low) / 2);
  const sigma = Number.isFinite(i.sigmaSeed) && i.sigmaSeed > 0 ? i.sigmaSeed : 0;
  const margin = Math.max(halfWidth, 2 * sigma);
  // A run that measured nothing (NaN) is not "close": it fails on its own.
  return { close: Number.isFinite(i.accuracy) && distance <= margin, distance, margin };
}

/**
 * The second run's seed: different from the first, and the same every time for the same
 * first seed, so a retried or resumed job trains exactly the same two models.
 */
export function secondSeed(firstSeed: number): number {
  // A large odd step keeps it away from small calibration seeds (1, 2, 3…) and from the first.
  return (firstSeed + 7_919) % 2_147_483_647;
}

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export function meanAndSigma(values: readonly number[]): { mean: number; sigma: number } {
  if (values.length === 0) return { mean: NaN, sigma: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return { mean, sigma: 0 };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sigma: Math.sqrt(variance) };
}

/** Which way a calibrated measure improves: accuracy upward, a reconstruction's MSE downward. */
export type CalibrationMetric = 'accuracy' | 'mse';

export interface ThresholdProposal {
  /**
   * The proposed threshold, rounded towards the baseline (accuracy: down to a tenth of a point;
   * MSE: up to 0.0001); null when none separates the two.
   */
  threshold: number | null;
  /** reference mean − 3 σ (MSE: + 3 σ): the worst the reference plausibly does. */
  fromReference: number;
  /** baseline mean + 3 σ (MSE: − 3 σ): the best the baseline plausibly does. */
  baselineReach: number;
  /** One sentence saying how the threshold was chosen, or why there is none. */
  note: string;
}

/**
 * Threshold from calibration runs: the reference's mean minus three of its standard
 * deviations, never within the baseline's reach (its mean plus three of its σ). For an MSE,
 * where lower is better, the signs turn: the reference's mean plus 3 σ, below the baseline's
 * mean minus 3 σ. When the two ranges overlap no threshold separates them: the proposal is
 * null and the note says so (make the baseline weaker or the budget larger).
 */
export function proposeThreshold(
  reference: readonly number[],
  baseline: readonly number[],
  metric: CalibrationMetric = 'accuracy',
): ThresholdProposal {
  const ref = meanAndSigma(reference);
  const base = meanAndSigma(baseline);
  // `better(a, b)`: a is strictly better than b on this metric.
  const up = metric === 'accuracy';
  const sign = up ? 1 : -1;
  const better = (a: number, b: number) => (up ? a > b : a < b);
  const fromReference = ref.mean - sign * 3 * ref.sigma;
  const baselineReach = baseline.length ? base.mean + sign * 3 * base.sigma : up ? 0 : Infinity;
  const show = up ? pct : (x: number) => x.toFixed(4);
  const [worst, reach] = up ? ['mean − 3σ', 'mean + 3σ'] : ['mean + 3σ', 'mean − 3σ'];
  if (!better(fromReference, baselineReach)) {
    return {
      threshold: null,
      fromReference,
      baselineReach,
      note: `no threshold: the reference's ${worst} (${show(fromReference)}) is not ${up ? 'above' : 'below'} the baseline's ${reach} (${show(baselineReach)}); the two overlap`,
    };
  }
  // Rounded towards the baseline, so the reference's worst plausible run still passes.
  // (The 1e-9 keeps a float's last bit, 0.0117000…02, from moving it a whole step.)
  const threshold = up
    ? Math.floor(fromReference * 1000 + 1e-9) / 1000
    : Math.ceil(fromReference * 10_000 - 1e-9) / 10_000;
  if (!better(threshold, baselineReach)) {
    return {
      threshold: null,
      fromReference,
      baselineReach,
      note: `no threshold: rounding the reference's ${worst} (${show(threshold)}) falls within the baseline's reach (${show(baselineReach)})`,
    };
  }
  return {
    threshold,
    fromReference,
    baselineReach,
    note: `reference ${worst} = ${show(fromReference)}, ${up ? 'above' : 'below'} the baseline's ${reach} = ${show(baselineReach)}`,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
