import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configOrExit } from './cli-support.js';
import { preflight } from '../startup/preflight.js';
import { prepareDatabase } from '../startup/prepare-database.js';
import { Supervisor } from './supervisor.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * `npm start`: checks Postgres and Redis, migrates and syncs content once, then runs the API
 * and one worker as supervised child processes: one that crashes is restarted with backoff
 * while the other keeps serving (see supervisor.ts); SIGINT/SIGTERM stop both cleanly.
 */
async function main(): Promise<void> {
  const config = configOrExit('start');
  await preflight(config, 'start');
  await prepareDatabase(config, { syncContent: true });

  const supervisor = new Supervisor(
    {
      maxCrashes: config.SUPERVISOR_MAX_CRASHES,
      windowMs: config.SUPERVISOR_CRASH_WINDOW_SECONDS * 1000,
      backoffMs: config.SUPERVISOR_BACKOFF_MS,
    },
    (line) => process.stderr.write(`[start] ${line}\n`),
  );
  for (const [name, file] of [
    ['api', 'main.js'],
    ['worker', 'worker.js'],
  ] as const) {
    supervisor.run(name, () =>
      fork(path.join(here, '..', file), [], {
        execArgv: ['--no-node-snapshot', '--enable-source-maps'],
        stdio: 'inherit',
      }),
    );
  }
  process.on('SIGINT', () => supervisor.stop(0));
  process.on('SIGTERM', () => supervisor.stop(0));
}

main().catch((e: unknown) => {
  process.stderr.write(`[start] ${(e as Error).message}\n`);
  process.exit(1);
});
