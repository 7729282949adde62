import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestApi } from './test-app.js';

const WORKER = path.resolve('dist/src/worker.js');

/** A real worker process (compiled; `npm test` builds first) on the test's database and queue. */
export class WorkerProcess {
  private child?: ChildProcess;
  output = '';

  constructor(readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first (npm test does)`);
    this.child = spawn(process.execPath, ['--no-node-snapshot', '--enable-source-maps', WORKER], {
      env: { ...process.env, NODE_OPTIONS: '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes('worker ready')) resolve();
      };
      this.child!.stdout!.on('data', onData);
      this.child!.stderr!.on('data', onData);
      this.child!.once('exit', (code) =>
        reject(new Error(`worker exited early (${code}):\n${this.output.slice(-3000)}`)),
      );
    });
    await ready;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends a signal and waits for the process to exit; returns its exit code or signal. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, sig) => resolve(sig ?? code)),
    );
    child.kill(signal);
    return exited;
  }
}

/** A started worker on the test API's database and queue; `env` adds or overrides settings. */
export async function startTestWorker(
  api: Pick<TestApi, 'databaseUrl' | 'config'>,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const worker = new WorkerProcess({
    NODE_ENV: 'test',
    DATABASE_URL: api.databaseUrl,
    QUEUE_PREFIX: api.config.QUEUE_PREFIX,
    WORKER_CONCURRENCY: '1',
    ...env,
  });
  await worker.start();
  return worker;
}
