import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TINY_EXERCISE = 'e2e-cifar-tiny';

/**
 * The real exercises/ plus a tiny CIFAR-10 exercise (class-balanced subsets, small budget),
 * so the e2e tests run the real pipeline on the real data in seconds, not minutes.
 */
export function contentWithTinyExercise(
  opts: {
    threshold?: number;
    trainSubset?: number;
    maxEpochs?: number;
    /** YAML lines of a `calibration:` block, appended as they are. */
    calibration?: string[];
  } = {},
): {
  dir: string;
  remove: () => void;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-content-'));
  cpSync(path.resolve('exercises'), dir, { recursive: true });
  const folder = path.join(dir, TINY_EXERCISE);
  mkdirSync(folder);
  writeFileSync(
    path.join(folder, 'exercise.yaml'),
    [
      `slug: ${TINY_EXERCISE}`,
      'type: MODEL',
      'track: computer-vision',
      'difficulty: 1',
      'title: { en: Tiny CIFAR-10 (tests), zh-CN: 微型 CIFAR-10（测试） }',
      'summary: { en: A small budget for end-to-end tests., zh-CN: 端到端测试用的小预算。 }',
      'dataset: cifar10',
      'task: { inputShape: [32, 32, 3], numClasses: 10, output: softmax }',
      `budget: { maxParams: 250000, maxEpochs: ${opts.maxEpochs ?? 3}, maxBatchSize: 256, wallClockSeconds: 120, trainSubset: ${opts.trainSubset ?? 1000}, testSubset: 500 }`,
      'grader: accuracy-threshold',
      `threshold: ${opts.threshold ?? 0.15}`,
      ...(opts.calibration ?? []),
      '',
    ].join('\n'),
  );
  for (const f of ['statement.en.md', 'statement.zh-CN.md', 'starter.ts', 'reference.ts', 'baseline.ts']) {
    cpSync(path.resolve('exercises/cifar10-cnn', f), path.join(folder, f));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
