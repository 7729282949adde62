import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CalibrationSchema, ExerciseFileSchema } from '../../content/content.schema.js';
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

  it('is refused when the accuracies do not match the seeds or the mean and σ do not match the accuracies', () => {
    const b = block();
    const short = CalibrationSchema.safeParse({ ...b, baseline: { ...b.baseline, accuracies: [0.1, 0.2] } });
    expect(short.success).toBe(false);
    expect(JSON.stringify(short.error!.issues)).toContain('one accuracy per seed');
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
      const original = readFileSync(path.resolve('exercises/cifar10-cnn/exercise.yaml'), 'utf8');
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
