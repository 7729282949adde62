/**
 * Checks the real prepared caches (run `npm run datasets:prepare` first). Outside CI the
 * suite is skipped, with a message, when the cache is absent; in CI (CI set) it always runs
 * and fails if the data is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from '@jest/globals';

import { encodeCifarBinary } from './cifar10.js';
import { loadCifar10, loadImdb, padSequences, type ImageSplit, type SequenceSplit } from './loader.js';
import { datasetsDir, layout } from './paths.js';

const dir = datasetsDir();

function prepared(): boolean {
  const file = path.join(dir, layout.manifest);
  if (!existsSync(file)) return false;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { datasets?: Record<string, unknown> };
    return Boolean(m.datasets?.cifar10 && m.datasets?.imdb);
  } catch {
    return false;
  }
}

const inCi = Boolean(process.env.CI);
const run = inCi || prepared();
if (!run) {
  console.warn(
    `real-data.data-spec.ts skipped: no prepared cache in ${dir} (run \`npm run datasets:prepare\`; in CI this suite is never skipped)`,
  );
}
const describeReal = run ? describe : describe.skip;

function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describeReal('real CIFAR-10 cache', () => {
  let train: ImageSplit;
  let test: ImageSplit;
  beforeAll(async () => {
    ({ train, test } = await loadCifar10({ dir, verify: 'always' }));
  });

  it('holds 50,000 training and 10,000 test images of 32×32×3', () => {
    expect(train.count).toBe(50_000);
    expect(train.images.length).toBe(50_000 * 3072);
    expect(test.count).toBe(10_000);
    expect(test.images.length).toBe(10_000 * 3072);
  });

  it('has 5,000 training and 1,000 test images per class', () => {
    expect(classCounts(train.labels, 10)).toEqual(new Array(10).fill(5_000));
    expect(classCounts(test.labels, 10)).toEqual(new Array(10).fill(1_000));
  });

  it('rebuilds data_batch_1.bin and test_batch.bin with the official MD5s', () => {
    expect(md5(encodeCifarBinary(train, 0, 10_000))).toBe('5dd7e06a14cb22eb9f671a540d1b7c25');
    expect(md5(encodeCifarBinary(test))).toBe('803d5f7f4d78ea53de84dbe85f74fb6d');
  });
});

describeReal('real IMDb cache', () => {
  let train: SequenceSplit;
  let test: SequenceSplit;
  let vocabulary: string[];
  beforeAll(async () => {
    ({ train, test, vocabulary } = await loadImdb({ dir, verify: 'always' }));
  });

  it('holds 25,000 training and 25,000 test reviews', () => {
    expect(train.count).toBe(25_000);
    expect(test.count).toBe(25_000);
  });

  it('has 12,500 negative and 12,500 positive reviews in each split', () => {
    expect(classCounts(train.labels, 2)).toEqual([12_500, 12_500]);
    expect(classCounts(test.labels, 2)).toEqual([12_500, 12_500]);
  });

  it('uses word ids within the training vocabulary, most frequent word first', () => {
    expect(vocabulary[0]).toBe('the');
    // keras.datasets.imdb keeps "br" (from <br /> tags) among its top ten words; here the tags are
    // stripped and the word only appears as a rare abbreviation.
    expect(vocabulary.slice(0, 1000).includes('br')).toBe(false);
    const maxId = vocabulary.length + 2;
    expect(Math.min(...train.tokens.subarray(0, 100_000))).toBeGreaterThanOrEqual(3);
    expect(train.tokens.every((id) => id >= 3 && id <= maxId)).toBe(true);
    expect(test.tokens.every((id) => id >= 2 && id <= maxId)).toBe(true);
  });

  it('pads the whole test split to 10,000 words × 500 steps', () => {
    const padded = padSequences(test, { vocabSize: 10_000, seqLen: 500 });
    expect(padded.length).toBe(25_000 * 500);
    expect(padded.every((id) => id >= 0 && id < 10_000)).toBe(true);
  });
});
