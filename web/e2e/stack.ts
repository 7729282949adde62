import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { contentWithTinyExercise } from '../../test/support/test-content.js';
import { createTestDatabase } from '../../test/support/test-database.js';
import { WorkerProcess } from '../../test/support/worker-process.js';

/**
 * The real stack for browser tests: a fresh database, the compiled API (which migrates and
 * syncs exercises/ at start, and serves dist/web) and one grading worker, on the local
 * PostgreSQL and Redis. `stop()` ends both processes and drops the database.
 */
export async function startStack(): Promise<{ url: string; databaseUrl: string; stop: () => Promise<void> }> {
  for (const f of ['dist/src/main.js', 'dist/src/worker.js', 'dist/web/index.html']) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);
  }
  const db = await createTestDatabase();
  const port = await freePort();
  // exercises/ plus a tiny CIFAR-10 exercise (a real-data subset) that trains in seconds.
  const content = contentWithTinyExercise();
  const env = {
    CONTENT_DIR: content.dir,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    QUEUE_PREFIX: `dojo_pw_${randomBytes(4).toString('hex')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    WORKER_CONCURRENCY: '1',
  };
  const api = spawn(process.execPath, ['--no-node-snapshot', path.resolve('dist/src/main.js')], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  api.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  api.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const worker = new WorkerProcess(env);
  try {
    await waitForReady(url, api, () => output);
    await worker.start();
  } catch (e) {
    await stopProcess(api);
    await worker.stop();
    await db.drop();
    content.remove();
    throw e;
  }
  return {
    url,
    databaseUrl: db.url,
    stop: async () => {
      await worker.stop();
      await stopProcess(api);
      await db.drop();
      content.remove();
    },
  };
}

async function waitForReady(url: string, api: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}):\n${output().slice(-3000)}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become ready:\n${output().slice(-3000)}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
