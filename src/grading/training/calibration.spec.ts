import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CalibrationSchema, ExerciseFileSchema } from '../../content/content.schema.js';
import { seedSigma } from '../../exercises/exercise.types.js';
import { calibrationBlock, writeCalibration } from './calibration.js';

const block = () =>
  calibrationBlock({
    seeds: [1, 2, 3],
    reference: [0.5612, 0.5531, 0.5694],
    baseline: [0.1412, 0.1381, 0.1403],
    engine: 'wasm (SIMD, 1 thread)',
    threads: 1,
    data: 'full',
    commit: '20b0006',
    measuredAt: new Date('2026-12-02T14:00:00Z'),
  });

describe('calibration block', () => {
  it('records mean, σ and the proposal (reference mean − 3σ, rounded down) and passes its own schema', () => {
    const b = block();
    expect(b.reference.mean).toBeCloseTo(0.561233, 6);
    expect(b.reference.sigma).toBeCloseTo(0.00815, 5);
    expect(b.proposedThreshold).toBe(0.536);
    expect(b.measuredAt).toBe('2026-12-02T14:00:00Z');
    expect(CalibrationSchema.safeParse(b).success).toBe(true);
  });

  it('is refused when the values do not match the seeds or the mean and σ do not match the accuracies', () => {
    const b = block();
    const short = CalibrationSchema.safeParse({ ...b, baseline: { ...b.baseline, values: [0.1, 0.2] } });
    expect(short.success).toBe(false);
    expect(JSON.stringify(short.error!.issues)).toContain('one value per seed');
    const wrongMean = CalibrationSchema.safeParse({ ...b, reference: { ...b.reference, mean: 0.6 } });
    expect(JSON.stringify(wrongMean.error!.issues)).toContain('is not the mean');
    const wrongSigma = CalibrationSchema.safeParse({ ...b, reference: { ...b.reference, sigma: 0.1 } });
    expect(JSON.stringify(wrongSigma.error!.issues)).toContain('standard deviation');
    expect(CalibrationSchema.safeParse({ ...b, seeds: [1, 1, 2] }).success).toBe(false);
  });

  it('is written into exercise.yaml, keeping the comments and the other lines, and the file still parses', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-calibration-'));
    try {
      const file = path.join(dir, 'exercise.yaml');
      // The file as it was before its own calibration (the block is written last).
      const original = readFileSync(path.resolve('exercises/cifar10-cnn/exercise.yaml'), 'utf8').split(
        /^calibration:/m,
      )[0]!;
      writeFileSync(file, original);
      writeCalibration(file, block());
      const written = readFileSync(file, 'utf8');
      expect(written.startsWith(original.trimEnd())).toBe(true);
      expect(written).toContain('  seeds: [1, 2, 3]\n');
      const parsed = ExerciseFileSchema.parse(parse(written));
      expect(parsed.calibration).toEqual(block());
      // Written again (a second calibration), the block is replaced, not repeated.
      writeCalibration(file, { ...block(), commit: 'abcdef1' });
      expect(readFileSync(file, 'utf8').match(/^calibration:/gm)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records an MSE calibration with its metric and an upward-rounded proposal', () => {
    const b = calibrationBlock({
      seeds: [1, 2, 3],
      reference: [0.0101, 0.0105, 0.0109],
      baseline: [0.05, 0.052, 0.048],
      engine: 'native (1 thread)',
      threads: 1,
      data: 'full',
      metric: 'mse',
      commit: '20b0006',
    });
    expect(b.metric).toBe('mse');
    expect(b.reference.values).toEqual([0.0101, 0.0105, 0.0109]);
    expect(b.proposedThreshold).toBeCloseTo(0.0117, 10);
    expect(CalibrationSchema.safeParse(b).success).toBe(true);
    // An accuracy block written before `metric` existed reads as accuracy.
    const { metric: _omitted, ...older } = block();
    expect(CalibrationSchema.parse(older).metric).toBe('accuracy');
  });

  it("gives the worker the reference's σ as σ_seed only for a full-data accuracy calibration", () => {
    const b = block();
    expect(seedSigma(b)).toBe(b.reference.sigma);
    expect(seedSigma({ ...b, data: 'quick' })).toBe(0);
    expect(seedSigma({ ...b, metric: 'mse' })).toBe(0);
    expect(seedSigma(null)).toBe(0);
  });

  it('is only for MODEL exercises', () => {
    const coding = {
      slug: 'x',
      type: 'CODING',
      track: 't',
      difficulty: 1,
      title: { en: 'a', 'zh-CN': 'a' },
      summary: { en: 'a', 'zh-CN': 'a' },
      grader: 'unit-tests',
      entry: 'default',
      calibration: block(),
    };
    expect(JSON.stringify(ExerciseFileSchema.safeParse(coding).error!.issues)).toContain('MODEL exercises only');
  });
});
