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

export interface ThresholdProposal {
  /** The proposed threshold, rounded down to a tenth of a point; null when none separates the two. */
  threshold: number | null;
  /** reference mean − 3 σ. */
  fromReference: number;
  /** baseline mean + 3 σ: the highest accuracy the baseline plausibly reaches. */
  baselineReach: number;
  /** One sentence saying how the threshold was chosen, or why there is none. */
  note: string;
}

/**
 * Threshold from calibration runs: the reference's mean minus three of its standard
 * deviations, never within the baseline's reach (its mean plus three of its σ). When the two
 * ranges overlap no threshold separates them: the proposal is null and the note says so
 * (make the baseline weaker or the budget larger; nothing is written).
 */
export function proposeThreshold(reference: readonly number[], baseline: readonly number[]): ThresholdProposal {
  const ref = meanAndSigma(reference);
  const base = meanAndSigma(baseline);
  const fromReference = ref.mean - 3 * ref.sigma;
  const baselineReach = baseline.length ? base.mean + 3 * base.sigma : 0;
  const floor = (x: number) => Math.floor(x * 1000) / 1000;
  if (!(fromReference > baselineReach)) {
    return {
      threshold: null,
      fromReference,
      baselineReach,
      note: `no threshold: the reference's mean − 3σ (${pct(fromReference)}) is not above the baseline's mean + 3σ (${pct(baselineReach)}); the two overlap`,
    };
  }
  const threshold = floor(fromReference);
  if (threshold <= baselineReach) {
    return {
      threshold: null,
      fromReference,
      baselineReach,
      note: `no threshold: rounding the reference's mean − 3σ down (${pct(threshold)}) falls within the baseline's reach (${pct(baselineReach)})`,
    };
  }
  return {
    threshold,
    fromReference,
    baselineReach,
    note: `reference mean − 3σ = ${pct(fromReference)}, above the baseline's mean + 3σ = ${pct(baselineReach)}`,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
