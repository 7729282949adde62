import { describe, expect, it } from '@jest/globals';
import { closeToThreshold, meanAndSigma, proposeThreshold, secondSeed } from './seed-noise.js';

describe('closeToThreshold', () => {
  const interval = { low: 0.505, high: 0.525 }; // half-width 0.01

  it('is close within the interval half-width when σ_seed is small (the issue example: 51.5 % [50.5, 52.5] at 52 %)', () => {
    const v = closeToThreshold({ accuracy: 0.515, interval, threshold: 0.52, sigmaSeed: 0.001 });
    expect(v.close).toBe(true);
    expect(v.margin).toBeCloseTo(0.01, 10);
    expect(v.distance).toBeCloseTo(0.005, 10);
  });

  it('uses 2 σ_seed when it is wider than the interval', () => {
    const far = { accuracy: 0.545, interval, threshold: 0.52 };
    expect(closeToThreshold({ ...far, sigmaSeed: 0 }).close).toBe(false);
    const v = closeToThreshold({ ...far, sigmaSeed: 0.015 });
    expect(v.margin).toBeCloseTo(0.03, 10);
    expect(v.close).toBe(true);
  });

  it('lets the interval alone decide when uncalibrated (σ 0, negative or NaN)', () => {
    for (const sigmaSeed of [0, -1, NaN]) {
      expect(closeToThreshold({ accuracy: 0.531, interval, threshold: 0.52, sigmaSeed }).close).toBe(false);
      expect(closeToThreshold({ accuracy: 0.53, interval, threshold: 0.52, sigmaSeed }).close).toBe(true);
    }
  });

  it('counts a result exactly at the threshold as close, and a NaN accuracy as not', () => {
    expect(closeToThreshold({ accuracy: 0.52, interval, threshold: 0.52, sigmaSeed: 0 }).close).toBe(true);
    expect(closeToThreshold({ accuracy: NaN, interval, threshold: 0.52, sigmaSeed: 0.1 }).close).toBe(false);
  });
});

describe('secondSeed', () => {
  it('differs from the first and is the same every time', () => {
    for (const s of [0, 1, 1234, 2_147_483_646]) {
      expect(secondSeed(s)).not.toBe(s);
      expect(secondSeed(s)).toBe(secondSeed(s));
      expect(Number.isInteger(secondSeed(s))).toBe(true);
    }
  });
});

describe('meanAndSigma', () => {
  it('is the mean and the sample standard deviation', () => {
    const { mean, sigma } = meanAndSigma([0.5, 0.52, 0.54]);
    expect(mean).toBeCloseTo(0.52, 12);
    expect(sigma).toBeCloseTo(0.02, 12);
    expect(meanAndSigma([0.4])).toEqual({ mean: 0.4, sigma: 0 });
  });
});

describe('proposeThreshold', () => {
  it('proposes the reference mean − 3σ, rounded down to a tenth of a point', () => {
    const p = proposeThreshold([0.56, 0.57, 0.58], [0.14, 0.141, 0.139]);
    // mean 0.57, σ 0.01 → 0.54
    expect(p.threshold).toBeCloseTo(0.54, 10);
    expect(p.baselineReach).toBeCloseTo(0.143, 6);
  });

  it('proposes nothing when the reference and the baseline overlap, and says so', () => {
    const p = proposeThreshold([0.3, 0.36, 0.42], [0.2, 0.25, 0.3]);
    expect(p.threshold).toBeNull();
    expect(p.note).toMatch(/overlap/);
  });

  it('turns the signs for an MSE: the reference mean + 3σ, rounded up to 0.0001, below the baseline mean − 3σ', () => {
    const p = proposeThreshold([0.0101, 0.0105, 0.0109], [0.05, 0.052, 0.048], 'mse');
    // mean 0.0105, σ 0.0004 → 0.0117; the baseline reaches down to 0.05 − 0.006 = 0.044
    expect(p.threshold).toBeCloseTo(0.0117, 10);
    expect(p.fromReference).toBeCloseTo(0.0117, 10);
    expect(p.baselineReach).toBeCloseTo(0.044, 10);
    expect(p.note).toMatch(/below the baseline's mean − 3σ/);
  });

  it('proposes no MSE threshold when the baseline reconstructs as well as the reference might', () => {
    const p = proposeThreshold([0.02, 0.03, 0.04], [0.045, 0.05, 0.055], 'mse');
    expect(p.threshold).toBeNull();
    expect(p.note).toMatch(/overlap/);
  });
});
