import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configOrExit } from './cli-support.js';
import { preflight } from '../startup/preflight.js';
import { prepareDatabase } from '../startup/prepare-database.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * `npm start`: checks Postgres and Redis, migrates and syncs content once, then runs the API
 * and one worker as child processes. If either exits, the other is stopped too; SIGINT/SIGTERM
 * stop both cleanly.
 */
async function main(): Promise<void> {
  const config = configOrExit('start');
  await preflight(config, 'start');
  await prepareDatabase(config, { syncContent: true });

  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 15_000).unref();
    Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r))))).then(
      () => process.exit(code),
    );
  };
  for (const name of ['main.js', 'worker.js']) {
    const child = fork(path.join(here, '..', name), [], {
      execArgv: ['--no-node-snapshot', '--enable-source-maps'],
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`[start] ${name} exited (${signal ?? code}); stopping\n`);
        stop(code === 0 ? 1 : (code ?? 1));
      }
    });
    children.push(child);
  }
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

main().catch((e: unknown) => {
  process.stderr.write(`[start] ${(e as Error).message}\n`);
  process.exit(1);
});
