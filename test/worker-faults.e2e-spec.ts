/**
 * Faults around the workers, with real processes: heartbeats and /status, the notice on a
 * submission made while no worker is alive, cancelling a running CODING submission, and
 * `npm start` restarting a worker killed with SIGKILL while the API keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { REGISTER, userInput } from './factories/user.factory.js';
import { SUBMISSION, SUBMIT, FINAL_STATUSES } from './factories/submission.factory.js';
import { createTestDatabase } from './support/test-database.js';
import { waitFor as waitUntil } from './support/wait-for.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

const SUBMIT_WITH_NOTICE = `mutation Submit($input: SubmitSolutionInput!) { submitSolution(input: $input) { id status notice } }`;
const reference = () => readFileSync(path.resolve('exercises/stable-softmax/reference.ts'), 'utf8');
// Each of the exercise's 10 tests runs into the per-call limits: 10-20 s if nobody stops it.
const endless = 'export default function softmax(xs: number[]): number[] { for (;;) {} return xs; }';

/** Polls through fetch errors too: this file restarts the processes that answer. */
const waitFor = <T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string, log = () => '') =>
  waitUntil(() => check().catch(() => undefined), { what, timeoutMs, intervalMs: 200, log });

describe('workers: heartbeats, /status, cancel of running code', () => {
  let api: TestApi;
  let token: string;
  let worker: WorkerProcess | undefined;

  const status = async () => (await api.http().get('/status')).body as Record<string, any>;
  const submit = async (code: string) => {
    const res = await api.gql<{ submitSolution: { id: string; status: string; notice: string | null } }>(
      SUBMIT_WITH_NOTICE,
      { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code } },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.submitSolution;
  };
  const fetch = async (id: string) =>
    (await api.gql<{ submission: Record<string, any> }>(SUBMISSION, { id }, token)).data!.submission;
  const waitFinal = (id: string, ms = 60_000) =>
    waitFor(
      async () => {
        const s = await fetch(id);
        return FINAL_STATUSES.includes(s.status) ? s : undefined;
      },
      ms,
      `${id} to finish`,
      () => worker?.output.slice(-3000) ?? '',
    );

  beforeAll(async () => {
    api = await startTestApi({ MAX_QUEUED_PER_CANDIDATE: '5' });
    const reg = await api.gql<{ register: { token: string } }>(REGISTER, { input: userInput() });
    token = reg.data!.register.token;
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
  });

  it('says so on a submission made while no worker is alive, and /status shows the wait', async () => {
    const before = await status();
    expect(before.workers.alive).toBe(0);
    const waiting = await submit(reference());
    expect(waiting.status).toBe('QUEUED');
    expect(waiting.notice).toMatch(/No grading worker is running/);
    const s = await status();
    expect(s).toMatchObject({ status: 'degraded', submissions: { queued: 1 } });
    expect(s.submissions.oldestQueuedSeconds).toBeGreaterThanOrEqual(0);
    // /readyz is about the API's own dependencies: still ready without workers.
    expect((await api.http().get('/readyz')).status).toBe(200);

    worker = await startTestWorker(api, {
      WORKER_HEARTBEAT_SECONDS: '1',
      JOB_LOCK_SECONDS: '4',
      SWEEP_INTERVAL_SECONDS: '2',
    });
    const live = await status();
    expect(live.workers.alive).toBe(1);
    expect(live.workers.list[0].pid).toBe(worker.pid);
    const graded = await waitFinal(waiting.id);
    expect(graded.status).toBe('PASSED');
    expect((await submit(reference())).notice).toBeNull();
  }, 180_000);

  it('stops a running CODING submission promptly when cancelled, and does not count it', async () => {
    const created = await submit(endless);
    await waitFor(
      async () => ((await fetch(created.id)).stage === 'VALIDATE' ? true : undefined),
      60_000,
      'the code to start running',
    );
    await new Promise((r) => setTimeout(r, 500));
    const asked = Date.now();
    const res = await api.gql('mutation($id: ID!) { cancelSubmission(id: $id) { status } }', { id: created.id }, token);
    expect(res.errors).toBeUndefined();
    const final = await waitFinal(created.id, 30_000);
    expect(final.status).toBe('CANCELLED');
    expect(final.countsAsAttempt).toBe(false);
    // The code alone would run 10-20 s; a cancel stops it at once (bound generous for a loaded machine).
    expect(Date.now() - asked).toBeLessThan(8_000);
    // The worker goes on grading.
    expect((await waitFinal((await submit(reference())).id)).status).toBe('PASSED');
  }, 120_000);

  it('drops a killed worker from /status once its heartbeat expires', async () => {
    expect(await worker!.stop('SIGKILL')).toBe('SIGKILL');
    await waitFor(
      async () => ((await status()).workers.alive === 0 ? true : undefined),
      15_000,
      'the heartbeat to expire',
    );
  }, 30_000);
});

describe('npm start: a supervisor', () => {
  let start: ChildProcess | undefined;
  let output = '';
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  afterAll(async () => {
    if (start && start.exitCode === null) {
      const exited = new Promise((r) => start!.once('exit', r));
      start.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
  });

  it('restarts a worker killed with SIGKILL while the API keeps answering, and the new worker grades', async () => {
    db = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    start = spawn(process.execPath, ['--no-node-snapshot', path.resolve('dist/src/cli/start.js')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        QUEUE_PREFIX: `dojo_test_${randomBytes(4).toString('hex')}`,
        WORKER_CONCURRENCY: '1',
        WORKER_HEARTBEAT_SECONDS: '1',
        JOB_LOCK_SECONDS: '4',
        SWEEP_INTERVAL_SECONDS: '2',
        SUPERVISOR_BACKOFF_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (c: Buffer) => (output = (output + c.toString()).slice(-20_000));
    start.stdout!.on('data', collect);
    start.stderr!.on('data', collect);
    const get = async (p: string) => {
      const res = await fetch(base + p);
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const firstPid = await waitFor(
      async () => (await get('/status')).body.workers?.list?.[0]?.pid as number | undefined,
      120_000,
      'the API and a worker',
      () => output,
    );
    process.kill(firstPid, 'SIGKILL');
    // The API answers throughout, while the supervisor starts a new worker.
    let healthChecks = 0;
    const secondPid = await waitFor(
      async () => {
        expect((await get('/healthz')).status).toBe(200);
        healthChecks++;
        const pids = ((await get('/status')).body.workers.list as { pid: number }[]).map((w) => w.pid);
        return pids.find((p) => p !== firstPid);
      },
      120_000,
      'a new worker',
      () => output,
    );
    expect(secondPid).not.toBe(firstPid);
    expect(healthChecks).toBeGreaterThan(0);
    expect(output).toMatch(/\[start\] worker exited \(SIGKILL\); restarting it/);

    const gql = async (query: string, variables: Record<string, unknown>, auth?: string) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data: any; errors?: unknown };
    };
    const token = (await gql(REGISTER, { input: userInput() })).data.register.token as string;
    const id = (
      await gql(SUBMIT, { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: reference() } }, token)
    ).data.submitSolution.id as string;
    const final = await waitFor(
      async () => {
        const s = (await gql(SUBMISSION, { id }, token)).data.submission;
        return FINAL_STATUSES.includes(s.status) ? s : undefined;
      },
      60_000,
      'the new worker to grade',
      () => output,
    );
    expect(final.status).toBe('PASSED');
  }, 300_000);
});

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
