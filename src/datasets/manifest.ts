import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

import type { DatasetName } from './names.js';
import { layout } from './paths.js';

/** Bump when the cache layout or the tokeniser changes: older caches are then rebuilt. */
export const CACHE_FORMAT_VERSION = 1;

export { DATASET_NAMES, type DatasetName } from './names.js';

export interface CacheFileEntry {
  bytes: number;
  sha256: string;
}

export interface SplitSummary {
  count: number;
  /** Number of examples per class, indexed by label. */
  classCounts: number[];
  /** IMDb only: total number of token ids stored for the split. */
  tokens?: number;
}

export interface SourceInfo {
  /** `official` = files placed by hand under the data-set directory; `npm` = a package fetched with `npm pack`. */
  kind: 'official' | 'npm';
  /** Directory read (official) or package spec (npm). */
  location: string;
  /** npm only: the sha512 integrity the tarball was checked against. */
  integrity?: string;
  /** Anything else worth recording (PNG colour type, file list...). */
  details?: Record<string, unknown>;
}

export interface DatasetManifest {
  formatVersion: number;
  preparedAt: string;
  source: SourceInfo;
  splits: { train: SplitSummary; test: SplitSummary };
  /** Cache files, keyed by their path relative to the data-set directory (always with `/`). */
  files: Record<string, CacheFileEntry>;
  /** Data-set specific facts (IMDb: vocabulary size, tokeniser). */
  meta?: Record<string, unknown>;
}

export interface Manifest {
  formatVersion: number;
  datasets: Partial<Record<DatasetName, DatasetManifest>>;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads `manifest.json`; returns undefined when it does not exist. Throws on unparsable content. */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, layout.manifest), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Manifest;
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.datasets !== 'object') {
    throw new Error(`${path.join(dir, layout.manifest)} is not a data-set manifest`);
  }
  return parsed;
}

/** Writes the manifest atomically (temporary file + rename). */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const target = path.join(dir, layout.manifest);
  const tmp = `${target}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(manifest, null, 2) + '\n');
  await fs.rename(tmp, target);
}

/**
 * Checks the files a data-set entry lists. `size` only compares byte counts; `full` also
 * recomputes sha256. Returns one human-readable problem per bad file (empty = all good).
 */
export async function checkDatasetFiles(dir: string, entry: DatasetManifest, mode: 'size' | 'full'): Promise<string[]> {
  const problems: string[] = [];
  for (const [rel, want] of Object.entries(entry.files)) {
    const file = path.join(dir, ...rel.split('/'));
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch {
      problems.push(`${rel} is missing`);
      continue;
    }
    if (size !== want.bytes) {
      problems.push(`${rel} has ${size} bytes, the manifest says ${want.bytes}`);
      continue;
    }
    if (mode === 'full') {
      const got = await sha256File(file);
      if (got !== want.sha256) problems.push(`${rel} has sha256 ${got}, the manifest says ${want.sha256}`);
    }
  }
  return problems;
}
