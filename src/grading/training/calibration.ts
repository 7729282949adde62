/**
 * The `calibration:` block of a MODEL exercise.yaml (format: exercises/README.md), as
 * `npm run exercises:calibrate` builds and writes it and `exercises:validate` checks it.
 *
 *   const block = calibrationBlock({ seeds: [1, 2, 3], reference, baseline, engine, threads, data: 'full' });
 *   writeCalibration('exercises/cifar10-cnn/exercise.yaml', block);   // comments elsewhere in the file are kept
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CalibrationSchema } from '../../content/content.schema.js';
import type { ModelCalibrationSpec } from '../../exercises/exercise.types.js';
import { meanAndSigma, proposeThreshold, type CalibrationMetric } from '../../graders/index.js';

/**
 * Values are written and compared with 6 decimals: exact for an accuracy on a 10,000-example
 * test split (hits / count has at most 4); an MSE is compared at that precision.
 */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The git commit of the working tree at `dir` (`-dirty` when it has uncommitted changes), or "unknown". */
export function gitCommit(dir: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}

export function calibrationBlock(o: {
  seeds: number[];
  reference: number[];
  baseline: number[];
  engine: string;
  threads: number;
  data: 'full' | 'quick';
  metric?: CalibrationMetric;
  commit: string;
  measuredAt?: Date;
}): ModelCalibrationSpec {
  const metric = o.metric ?? 'accuracy';
  const side = (values: number[]) => {
    const rounded = values.map(round6);
    const { mean, sigma } = meanAndSigma(rounded);
    return { values: rounded, mean: round6(mean), sigma: round6(sigma) };
  };
  return {
    measuredAt: (o.measuredAt ?? new Date()).toISOString().slice(0, 19) + 'Z',
    commit: o.commit,
    engine: o.engine,
    threads: o.threads,
    data: o.data,
    metric,
    seeds: o.seeds,
    reference: side(o.reference),
    baseline: side(o.baseline),
    proposedThreshold: proposeThreshold(o.reference, o.baseline, metric).threshold,
  };
}

/** Replaces (or adds) the `calibration:` block of an exercise.yaml, keeping the rest of the file and its comments. */
export function writeCalibration(file: string, block: ModelCalibrationSpec): void {
  const checked = CalibrationSchema.safeParse(block);
  if (!checked.success) throw new Error(`${path.basename(file)}: calibration block invalid: ${checked.error.message}`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const node = doc.createNode(block);
  // Short lists on one line, as the rest of the exercise files write them.
  for (const key of ['seeds', 'reference', 'baseline']) {
    const child = (node as { get(k: string, keep: true): { flow?: boolean } | undefined }).get(key, true);
    if (child) child.flow = true;
  }
  doc.set('calibration', node);
  writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
}
