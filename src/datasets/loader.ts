import fs from 'node:fs/promises';
import path from 'node:path';

import { cacheFiles } from './build.js';
import { CIFAR10_CHANNELS, CIFAR10_CLASSES, CIFAR10_HEIGHT, CIFAR10_IMAGE_BYTES, CIFAR10_WIDTH } from './cifar10.js';
import { DatasetError } from './errors.js';
import { OOV_ID, START_ID } from './imdb.js';
import { CACHE_FORMAT_VERSION, type DatasetManifest, type DatasetName, readManifest, sha256Bytes } from './manifest.js';
import { datasetsDir, layout } from './paths.js';

export interface ImageSplit {
  /** uint8 pixels, `count × 32 × 32 × 3`, height-width-channel order. */
  images: Uint8Array;
  /** One class index (0-9) per image. */
  labels: Uint8Array;
  count: number;
  height: 32;
  width: 32;
  channels: 3;
  numClasses: 10;
}

export interface SequenceSplit {
  /** Token ids of every review, concatenated (no padding, no start id). */
  tokens: Int32Array;
  /** Review i is `tokens[offsets[i] … offsets[i+1])`; length `count + 1`. */
  offsets: Int32Array;
  /** 0 = negative, 1 = positive. */
  labels: Uint8Array;
  count: number;
  numClasses: 2;
}

/**
 * How the loader checks cache files against the manifest: `once` recomputes sha256 the first
 * time a file (by path, size and mtime) is loaded in this process, `always` every time,
 * `size` only compares byte counts.
 */
export type VerifyMode = 'once' | 'always' | 'size';

export interface LoadOptions {
  /** Data-set directory; default `datasetsDir()`. */
  dir?: string;
  verify?: VerifyMode;
}

const verified = new Set<string>();

async function loadManifestEntry(dir: string, name: DatasetName): Promise<DatasetManifest> {
  const hint = `run \`npm run datasets:prepare\` (data-set directory: ${dir}; set DATASETS_DIR to use another)`;
  let entry: DatasetManifest | undefined;
  try {
    entry = (await readManifest(dir))?.datasets[name];
  } catch (err) {
    throw new DatasetError(
      'CACHE_CORRUPT',
      `${path.join(dir, layout.manifest)} is unreadable (${(err as Error).message}); ${hint} --force`,
    );
  }
  if (!entry) throw new DatasetError('CACHE_MISSING', `the ${name} cache is not prepared: ${hint}`);
  if (entry.formatVersion !== CACHE_FORMAT_VERSION) {
    throw new DatasetError(
      'CACHE_CORRUPT',
      `the ${name} cache has format ${entry.formatVersion}, this code reads ${CACHE_FORMAT_VERSION}: ${hint}`,
    );
  }
  return entry;
}

async function readCacheFile(dir: string, entry: DatasetManifest, rel: string, verify: VerifyMode): Promise<Buffer> {
  const want = entry.files[rel];
  const hint = 'run `npm run datasets:prepare` to rebuild it';
  if (!want) throw new DatasetError('CACHE_CORRUPT', `the manifest does not list ${rel}; ${hint}`);
  const file = path.join(dir, ...rel.split('/'));
  let bytes: Buffer;
  let mtime: number;
  try {
    mtime = (await fs.stat(file)).mtimeMs;
    bytes = await fs.readFile(file);
  } catch {
    throw new DatasetError('CACHE_MISSING', `${file} is missing; ${hint}`);
  }
  if (bytes.byteLength !== want.bytes) {
    throw new DatasetError(
      'CACHE_CORRUPT',
      `${file} has ${bytes.byteLength} bytes, the manifest says ${want.bytes}; ${hint}`,
    );
  }
  const key = `${file}\0${want.sha256}\0${mtime}`;
  if (verify === 'always' || (verify === 'once' && !verified.has(key))) {
    if (sha256Bytes(bytes) !== want.sha256)
      throw new DatasetError('CACHE_CORRUPT', `${file} does not match its sha256 in the manifest; ${hint}`);
    verified.add(key);
  }
  return bytes;
}

function asInt32(buf: Buffer): Int32Array {
  if (buf.byteOffset % 4 === 0) return new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  return new Int32Array(new Uint8Array(buf).buffer);
}

function asUint8(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function imageSplit(images: Uint8Array, labels: Uint8Array, name: string): ImageSplit {
  if (images.length !== labels.length * CIFAR10_IMAGE_BYTES) {
    throw new DatasetError(
      'CACHE_CORRUPT',
      `cifar10 ${name}: ${images.length} pixel bytes for ${labels.length} labels; run \`npm run datasets:prepare -- --force\``,
    );
  }
  return {
    images,
    labels,
    count: labels.length,
    height: CIFAR10_HEIGHT,
    width: CIFAR10_WIDTH,
    channels: CIFAR10_CHANNELS,
    numClasses: 10,
  };
}

/** Loads prepared CIFAR-10 from the cache. Pixels stay uint8; nothing is converted to float. */
export async function loadCifar10(
  opts: LoadOptions = {},
): Promise<{ train: ImageSplit; test: ImageSplit; classNames: string[] }> {
  const dir = path.resolve(opts.dir ?? datasetsDir());
  const verify = opts.verify ?? 'once';
  const entry = await loadManifestEntry(dir, 'cifar10');
  const f = cacheFiles.cifar10;
  const read = (rel: string) => readCacheFile(dir, entry, rel, verify).then(asUint8);
  return {
    train: imageSplit(await read(f.trainImages), await read(f.trainLabels), 'train'),
    test: imageSplit(await read(f.testImages), await read(f.testLabels), 'test'),
    classNames: [...CIFAR10_CLASSES],
  };
}

function sequenceSplit(tokens: Int32Array, offsets: Int32Array, labels: Uint8Array, name: string): SequenceSplit {
  const count = labels.length;
  if (offsets.length !== count + 1 || offsets[0] !== 0 || offsets[count] !== tokens.length) {
    throw new DatasetError(
      'CACHE_CORRUPT',
      `imdb ${name}: offsets do not match tokens and labels; run \`npm run datasets:prepare -- --force\``,
    );
  }
  return { tokens, offsets, labels, count, numClasses: 2 };
}

/** Loads prepared IMDb from the cache: ragged token ids, labels and the vocabulary (word of id i + 3 at index i). */
export async function loadImdb(
  opts: LoadOptions = {},
): Promise<{ train: SequenceSplit; test: SequenceSplit; vocabulary: string[] }> {
  const dir = path.resolve(opts.dir ?? datasetsDir());
  const verify = opts.verify ?? 'once';
  const entry = await loadManifestEntry(dir, 'imdb');
  const f = cacheFiles.imdb;
  const read = (rel: string) => readCacheFile(dir, entry, rel, verify);
  return {
    train: sequenceSplit(
      asInt32(await read(f.trainTokens)),
      asInt32(await read(f.trainOffsets)),
      asUint8(await read(f.trainLabels)),
      'train',
    ),
    test: sequenceSplit(
      asInt32(await read(f.testTokens)),
      asInt32(await read(f.testOffsets)),
      asUint8(await read(f.testLabels)),
      'test',
    ),
    vocabulary: JSON.parse((await read(f.vocabulary)).toString('utf8')) as string[],
  };
}

export interface PadOptions {
  /** Ids >= vocabSize become the out-of-vocabulary id 2 (Keras `num_words`). At least 3. */
  vocabSize: number;
  /** Output length of every row. */
  seqLen: number;
  /** Which reviews, in this order; default all. */
  indices?: ArrayLike<number>;
  /** Where zeros go when a review is shorter: before it (`pre`, Keras default) or after. */
  padding?: 'pre' | 'post';
  /** Which end is cut when a review is longer: its beginning (`pre`, Keras default) or its end. */
  truncating?: 'pre' | 'post';
  /** Prepend the start id 1 before padding/truncating, as keras.datasets.imdb does; default true. */
  startId?: boolean;
  /** Reuse a buffer of `rows × seqLen`. */
  out?: Int32Array;
}

/**
 * Keras `pad_sequences` over a ragged split: returns `rows × seqLen` int32, row-major. Each
 * review becomes `[1, ...ids]` with ids >= vocabSize replaced by 2, then is cut and padded
 * with 0 as `truncating` and `padding` say.
 */
export function padSequences(split: SequenceSplit, opts: PadOptions): Int32Array {
  const { vocabSize, seqLen } = opts;
  if (!Number.isInteger(vocabSize) || vocabSize < 3)
    throw new DatasetError(
      'BAD_ARGUMENT',
      `vocabSize must be an integer >= 3 (ids 0-2 are reserved), got ${vocabSize}`,
    );
  if (!Number.isInteger(seqLen) || seqLen < 1)
    throw new DatasetError('BAD_ARGUMENT', `seqLen must be a positive integer, got ${seqLen}`);
  const padding = opts.padding ?? 'pre';
  const truncating = opts.truncating ?? 'pre';
  const start = (opts.startId ?? true) ? 1 : 0;
  const rows = opts.indices ? opts.indices.length : split.count;
  const out = opts.out ?? new Int32Array(rows * seqLen);
  if (out.length !== rows * seqLen)
    throw new DatasetError('BAD_ARGUMENT', `out has ${out.length} elements, expected ${rows * seqLen}`);
  const { tokens, offsets } = split;
  for (let r = 0; r < rows; r++) {
    const i = opts.indices ? opts.indices[r] : r;
    if (!Number.isInteger(i) || i < 0 || i >= split.count)
      throw new DatasetError('BAD_ARGUMENT', `index ${i} is outside 0..${split.count - 1}`);
    const begin = offsets[i];
    const len = start + offsets[i + 1] - begin;
    const m = Math.min(len, seqLen);
    const from = truncating === 'pre' ? len - m : 0;
    const row = r * seqLen;
    const dest = padding === 'pre' ? row + seqLen - m : row;
    out.fill(0, row, row + seqLen);
    for (let k = 0; k < m; k++) {
      const v = from + k; // position in the virtual sequence [start id, ...tokens]
      if (v < start) {
        out[dest + k] = START_ID;
      } else {
        const id = tokens[begin + v - start];
        out[dest + k] = id >= vocabSize ? OOV_ID : id;
      }
    }
  }
  return out;
}

/**
 * Copies images into float32 `[n, 32, 32, 3]` scaled by `scale` (default 1/255), for one
 * batch at a time; pass `out` to reuse a buffer.
 */
export function gatherImages(
  split: ImageSplit,
  indices: ArrayLike<number>,
  opts: { scale?: number; out?: Float32Array } = {},
): Float32Array {
  const scale = opts.scale ?? 1 / 255;
  const out = opts.out ?? new Float32Array(indices.length * CIFAR10_IMAGE_BYTES);
  if (out.length !== indices.length * CIFAR10_IMAGE_BYTES)
    throw new DatasetError(
      'BAD_ARGUMENT',
      `out has ${out.length} elements, expected ${indices.length * CIFAR10_IMAGE_BYTES}`,
    );
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!Number.isInteger(i) || i < 0 || i >= split.count)
      throw new DatasetError('BAD_ARGUMENT', `index ${i} is outside 0..${split.count - 1}`);
    const src = i * CIFAR10_IMAGE_BYTES;
    const dst = r * CIFAR10_IMAGE_BYTES;
    for (let k = 0; k < CIFAR10_IMAGE_BYTES; k++) out[dst + k] = split.images[src + k] * scale;
  }
  return out;
}

/** Labels of the given examples as int32 class indices. */
export function gatherLabels(split: { labels: Uint8Array; count: number }, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!Number.isInteger(i) || i < 0 || i >= split.count)
      throw new DatasetError('BAD_ARGUMENT', `index ${i} is outside 0..${split.count - 1}`);
    out[r] = split.labels[i];
  }
  return out;
}

/** mulberry32: a small, fast, seedable generator; the same seed gives the same stream everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks `n` example indices with the classes as equal as possible (each class gets
 * ⌊n / classes⌋; the remainder goes to classes drawn with the seed), chosen at random with
 * `seed` inside each class. Returned in ascending order.
 */
export function balancedIndices(labels: Uint8Array, numClasses: number, n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 0 || n > labels.length)
    throw new DatasetError('BAD_ARGUMENT', `subset size must be an integer in 0..${labels.length}, got ${n}`);
  const rand = seededRandom(seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((l, i) => {
    if (l >= numClasses)
      throw new DatasetError('BAD_ARGUMENT', `example ${i} has label ${l}, outside 0..${numClasses - 1}`);
    byClass[l].push(i);
  });
  const quota = new Array<number>(numClasses).fill(Math.floor(n / numClasses));
  const classOrder = byClass.map((_, c) => c);
  for (let i = classOrder.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [classOrder[i], classOrder[j]] = [classOrder[j], classOrder[i]];
  }
  for (let k = 0; k < n % numClasses; k++) quota[classOrder[k]]++;
  const picked: number[] = [];
  byClass.forEach((members, c) => {
    if (members.length < quota[c]) {
      throw new DatasetError(
        'BAD_ARGUMENT',
        `class ${c} has ${members.length} examples, a balanced subset of ${n} needs ${quota[c]}`,
      );
    }
    // Partial Fisher-Yates: the first quota[c] slots become a uniform random sample.
    for (let k = 0; k < quota[c]; k++) {
      const j = k + Math.floor(rand() * (members.length - k));
      [members[k], members[j]] = [members[j], members[k]];
      picked.push(members[k]);
    }
  });
  return Int32Array.from(picked).sort();
}

/** A copy of the chosen images (in the order given). */
export function takeImages(split: ImageSplit, indices: ArrayLike<number>): ImageSplit {
  const images = new Uint8Array(indices.length * CIFAR10_IMAGE_BYTES);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    images.set(split.images.subarray(i * CIFAR10_IMAGE_BYTES, (i + 1) * CIFAR10_IMAGE_BYTES), r * CIFAR10_IMAGE_BYTES);
  }
  return { ...split, images, labels: Uint8Array.from(gatherLabels(split, indices)), count: indices.length };
}

/** A copy of the chosen reviews (in the order given). */
export function takeSequences(split: SequenceSplit, indices: ArrayLike<number>): SequenceSplit {
  const offsets = new Int32Array(indices.length + 1);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    offsets[r + 1] = offsets[r] + split.offsets[i + 1] - split.offsets[i];
  }
  const tokens = new Int32Array(offsets[indices.length]);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    tokens.set(split.tokens.subarray(split.offsets[i], split.offsets[i + 1]), offsets[r]);
  }
  return { ...split, tokens, offsets, labels: Uint8Array.from(gatherLabels(split, indices)), count: indices.length };
}

/** A class-balanced random subset of `n` examples, the same for the same seed (for CI and reduced budgets). */
export function subset(split: ImageSplit, n: number, seed: number): ImageSplit;
export function subset(split: SequenceSplit, n: number, seed: number): SequenceSplit;
export function subset(split: ImageSplit | SequenceSplit, n: number, seed: number): ImageSplit | SequenceSplit {
  const indices = balancedIndices(split.labels, split.numClasses, n, seed);
  return 'images' in split ? takeImages(split, indices) : takeSequences(split, indices);
}
