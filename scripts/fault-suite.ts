/**
 * `npm run test:faults`: the grading service under faults, on loopback only, bounded.
 *
 * Starts its own PostgreSQL (initdb in a temporary directory, another port) and Redis (another
 * port, append-only file) so it may restart them, an API and two workers (short job lock),
 * and a steady stream of CODING and small MODEL submissions from several candidates. Then:
 * kill -9 a worker mid-job (FAULT_KILLS times, default 20), restart Redis, restart PostgreSQL,
 * SIGTERM a worker during training, kill -9 a trainer child. Afterwards every accepted
 * submission must reach the outcome its code deserves, once, without being charged for ours.
 * Prints a table; exits 1 on any lost, stuck, graded-twice or charged submission, or when
 * fewer than FAULT_MIN_HITS (default 15) faults hit a running job.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

const ROOT = process.cwd();
const KILLS = Number(process.env.FAULT_KILLS ?? 20);
const MIN_HITS = Number(process.env.FAULT_MIN_HITS ?? 15);
const IN_FLIGHT = 4;
const FINAL = ['PASSED', 'FAILED', 'ERROR', 'CANCELLED'];
const T0 = Date.now();
const log = (m: string) => process.stdout.write(`[faults +${Math.round((Date.now() - T0) / 1000)}s] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Infrastructure of our own: PostgreSQL and Redis we may restart.

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dojo-faults-'));
const asRoot = process.getuid?.() === 0;
/** Everything we started, killed whatever way this process ends (the bound included). */
const spawned = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
const track = (c: ChildProcess) => {
  spawned.add(c);
  c.once('exit', () => spawned.delete(c));
  return c;
};

function pgBin(name: string): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(path.join(base, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`${name} not found under ${base}/*/bin`);
  return path.join(base, versions[0]!, 'bin', name);
}

/** PostgreSQL refuses to run as root: run its programs as the `postgres` user then. */
const pgCommand = (bin: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

class Service {
  child?: ChildProcess;
  output = '';
  constructor(
    readonly name: string,
    private readonly command: () => [string, string[]],
  ) {}

  start(): void {
    const [cmd, args] = this.command();
    this.child = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    const keep = (c: Buffer) => (this.output = (this.output + c.toString()).slice(-8000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, sleep(20_000)]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// The application under test.

class AppProcess {
  child?: ChildProcess;
  output = '';
  expectedExit = false;
  unexpectedExits = 0;
  constructor(
    readonly name: string,
    private readonly file: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    this.expectedExit = false;
    const child = track(
      spawn(process.execPath, ['--no-node-snapshot', '--enable-source-maps', path.join(ROOT, this.file)], {
        env: { ...process.env, NODE_OPTIONS: '', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    this.child = child;
    const keep = (c: Buffer) => (this.output = (this.output + c.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => {
      if (this.child !== child || this.expectedExit) return;
      this.unexpectedExits++;
      log(`${this.name} exited unexpectedly (${signal ?? code}); starting it again\n${this.output.slice(-1500)}`);
      setTimeout(() => this.start(), 500);
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Our fault: the process is expected to go; start a new one right away. */
  async fault(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectedExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, sleep(40_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.start();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.expectedExit = true;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

function tinyContent(): string {
  const dir = path.join(tmp, 'content');
  cpSync(path.join(ROOT, 'exercises'), dir, { recursive: true });
  const folder = path.join(dir, 'faults-cifar-tiny');
  mkdirSync(folder);
  writeFileSync(
    path.join(folder, 'exercise.yaml'),
    [
      'slug: faults-cifar-tiny',
      'type: MODEL',
      'track: computer-vision',
      'difficulty: 1',
      'title: { en: Tiny CIFAR-10 (fault suite), zh-CN: 微型 CIFAR-10（故障测试） }',
      'summary: { en: A small budget for the fault suite., zh-CN: 故障测试用的小预算。 }',
      'dataset: cifar10',
      'task: { inputShape: [32, 32, 3], numClasses: 10, output: softmax }',
      'budget: { maxParams: 250000, maxEpochs: 3, maxBatchSize: 256, wallClockSeconds: 120, trainSubset: 1000, testSubset: 500 }',
      'grader: accuracy-threshold',
      'threshold: 0.15',
      '',
    ].join('\n'),
  );
  for (const f of ['statement.en.md', 'statement.zh-CN.md', 'starter.ts', 'reference.ts', 'baseline.ts'])
    cpSync(path.join(ROOT, 'exercises/cifar10-cnn', f), path.join(folder, f));
  return dir;
}

const denseModel = `
export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: 32, activation: 'relu' }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));
  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.001 }, loss: 'categoricalCrossentropy' },
    fit: { epochs: 3, batchSize: 32 },
  };
}`;

interface Kind {
  name: string;
  slug: string;
  language: string;
  code: string;
  expected: string[];
}

interface Tracked {
  id: string;
  kind: string;
  expected: string[];
  at: number;
}

interface Fault {
  kind: string;
  at: number;
  /** Submissions running where the fault struck. */
  running: string[];
  /** A takeover (or hand-back, or retry) recorded for one of them after the fault. */
  hit?: boolean;
  recoverMs?: number;
}

async function main(): Promise<void> {
  const [pgPort, redisPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const pgData = path.join(tmp, 'pg');
  const sock = path.join(tmp, 'sock');
  const redisDir = path.join(tmp, 'redis');
  for (const d of [pgData, sock, redisDir]) mkdirSync(d, { recursive: true });
  if (asRoot) for (const d of [tmp, pgData, sock]) chownSync(d, pgUid(), pgGid());

  const [initCmd, initArgs] = pgCommand(pgBin('initdb'), ['-D', pgData, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const postgres = new Service('postgres', () =>
    pgCommand(pgBin('postgres'), [
      '-D',
      pgData,
      '-p',
      String(pgPort),
      '-k',
      sock,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ]),
  );
  const redis = new Service('redis', () => [
    'redis-server',
    [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      redisDir,
    ],
  ]);
  const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/dojo_faults`;
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const prefix = 'faults';
  const startPostgres = async () => {
    postgres.start();
    await until('PostgreSQL', 60_000, async () => {
      const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort}/postgres` });
      c.on('error', () => undefined);
      await c.connect();
      await c.end();
      return true;
    });
  };
  const startRedis = async () => {
    redis.start();
    await until('Redis', 30_000, async () => {
      const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined);
      try {
        await r.connect();
        return (await r.ping()) === 'PONG' ? true : undefined;
      } finally {
        r.disconnect();
      }
    });
  };
  await startPostgres();
  await startRedis();
  log(`PostgreSQL on ${pgPort}, Redis on ${redisPort}, data in ${tmp}`);

  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    CONTENT_DIR: tinyContent(),
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    JOB_LOCK_SECONDS: '2',
    SWEEP_INTERVAL_SECONDS: '3',
    WORKER_HEARTBEAT_SECONDS: '1',
    WORKER_CONCURRENCY: '2',
    MAX_QUEUED_PER_CANDIDATE: '100',
    PRACTICE_ATTEMPTS_PER_HOUR: '100000',
  };
  const api = new AppProcess('api', 'dist/src/main.js', env);
  const workers = [1, 2].map((n) => new AppProcess(`worker ${n}`, 'dist/src/worker.js', env));
  const cleanup = async () => {
    await Promise.all([api, ...workers].map((p) => p.stop()));
    await Promise.all([postgres.stop('SIGINT'), redis.stop('SIGTERM')]);
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    api.start();
    const base = `http://127.0.0.1:${apiPort}`;
    await until('the API', 180_000, async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
    for (const w of workers) w.start();
    const db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    db.on('error', () => undefined);
    const rds = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    rds.on('error', () => undefined);
    const beats = async () => {
      const keys = await rds.keys(`${prefix}:worker:*`);
      const values = keys.length ? await rds.mget(...keys) : [];
      return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as { pid: number; running: string[] });
    };
    await until('two workers', 300_000, async () => ((await beats()).length >= 2 ? true : undefined));
    log('API and two workers up');

    const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: any; errors?: { message: string }[] };
    };
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await gql('mutation R($input: RegisterInput!) { register(input: $input) { token } }', {
        input: {
          email: `faults-${i}-${Date.now()}@example.com`,
          password: `fault-suite-pw-${i}-${Math.random().toString(36).slice(2)}`,
          displayName: `Fault ${i}`,
        },
      });
      if (!r.data) throw new Error(`register: ${JSON.stringify(r.errors)}`);
      tokens.push(r.data.register.token);
    }
    const read = (f: string) => readFileSync(path.join(ROOT, 'exercises/stable-softmax', f), 'utf8');
    const kinds: Kind[] = [
      { name: 'model', slug: 'faults-cifar-tiny', language: 'JAVASCRIPT', code: denseModel, expected: ['PASSED'] },
      {
        name: 'coding',
        slug: 'stable-softmax',
        language: 'TYPESCRIPT',
        code: read('reference.ts'),
        expected: ['PASSED'],
      },
      { name: 'model', slug: 'faults-cifar-tiny', language: 'JAVASCRIPT', code: denseModel, expected: ['PASSED'] },
      {
        name: 'coding',
        slug: 'stable-softmax',
        language: 'TYPESCRIPT',
        code: read('starter.ts'),
        expected: ['FAILED'],
      },
    ];

    // The steady stream.
    const tracked: Tracked[] = [];
    let refused = 0;
    let streaming = true;
    let n = 0;
    const stream = (async () => {
      while (streaming) {
        try {
          const { rows } = await db.query(
            `SELECT count(*)::int AS c FROM submissions WHERE status IN ('QUEUED','RUNNING')`,
          );
          if (rows[0].c < IN_FLIGHT) {
            const kind = kinds[n % kinds.length]!;
            const token = tokens[n % tokens.length]!;
            n++;
            const r = await gql(
              'mutation S($input: SubmitSolutionInput!) { submitSolution(input: $input) { id } }',
              { input: { exerciseSlug: kind.slug, language: kind.language, code: kind.code } },
              token,
            );
            if (r.data?.submitSolution?.id)
              tracked.push({ id: r.data.submitSolution.id, kind: kind.name, expected: kind.expected, at: Date.now() });
            else refused++;
          }
        } catch {
          refused++;
        }
        await sleep(300);
      }
    })();

    const eventsAfter = async (ids: string[], since: number, pattern: string) => {
      const { rows } = await db.query(
        `SELECT min(created_at) AS at FROM submission_events
          WHERE submission_id = ANY($1::uuid[]) AND created_at > to_timestamp($2 / 1000.0) AND message ~* $3`,
        [ids, since, pattern],
      );
      return rows[0].at ? new Date(rows[0].at).getTime() : undefined;
    };
    const nextFinishAfter = async (since: number) => {
      const { rows } = await db.query(
        `SELECT min(finished_at) AS at FROM submissions WHERE finished_at > to_timestamp($1 / 1000.0)`,
        [since],
      );
      return rows[0].at ? new Date(rows[0].at).getTime() : undefined;
    };
    const faults: Fault[] = [];
    /** A worker (one of ours, alive) running a submission at `stage` (any stage when omitted). */
    const busyWorker = async (stages: string[]) =>
      until(`a worker running a submission (${stages.join('/')})`, 90_000, async () => {
        const list = await beats();
        for (const b of list) {
          const w = workers.find((x) => x.pid === b.pid);
          if (!w || b.running.length === 0) continue;
          const { rows } = await db.query(
            `SELECT id FROM submissions WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND stage = ANY($2)`,
            [b.running, stages],
          );
          if (rows.length > 0 && list.length >= 2) return { worker: w, running: b.running };
        }
        return undefined;
      });

    // 1. kill -9 a worker mid-job.
    for (let i = 0; i < KILLS; i++) {
      const { worker, running } = await busyWorker(['SANDBOX', 'VALIDATE', 'TRAIN', 'EVALUATE', 'GRADE']);
      const at = Date.now();
      const fault: Fault = { kind: 'kill -9 worker', at, running };
      faults.push(fault);
      await worker.fault('SIGKILL');
      const took = await until('a takeover', 30_000, () => eventsAfter(running, at, 'another worker')).catch(
        () => undefined,
      );
      fault.hit = took !== undefined;
      if (took) fault.recoverMs = took - at;
      log(`kill -9 #${i + 1}: ${fault.hit ? `taken over in ${fault.recoverMs} ms` : 'no takeover recorded'}`);
    }

    // 2. Restart Redis; 3. restart PostgreSQL: recovered when a submission finishes afterwards.
    for (const [kind, restart] of [
      ['restart Redis', async () => (await redis.stop('SIGTERM'), await sleep(1000), await startRedis())],
      ['restart PostgreSQL', async () => (await postgres.stop('SIGINT'), await sleep(1000), await startPostgres())],
    ] as const) {
      const list = await beats().catch(() => []);
      const at = Date.now();
      const fault: Fault = { kind, at, running: list.flatMap((b) => b.running) };
      faults.push(fault);
      await restart();
      const done = await until('a submission to finish', 120_000, () => nextFinishAfter(Date.now() - 1)).catch(
        () => undefined,
      );
      fault.hit = fault.running.length > 0 && done !== undefined;
      if (done) fault.recoverMs = done - at;
      log(`${kind}: ${done ? `a submission finished ${fault.recoverMs} ms later` : 'nothing finished'}`);
    }

    // 4. SIGTERM a worker during training: it hands the job back; another worker takes it.
    {
      const { worker, running } = await busyWorker(['TRAIN']);
      const at = Date.now();
      const fault: Fault = { kind: 'SIGTERM worker in training', at, running };
      faults.push(fault);
      await worker.fault('SIGTERM');
      const back = await until('the job handed back', 60_000, () =>
        eventsAfter(running, at, 'worker is stopping'),
      ).catch(() => undefined);
      fault.hit = back !== undefined;
      if (back) fault.recoverMs = back - at;
      log(`SIGTERM in training: ${fault.hit ? `handed back in ${fault.recoverMs} ms` : 'no hand-back recorded'}`);
    }

    // 5. kill -9 a trainer child: our failure, retried, not counted.
    {
      const { worker, running } = await busyWorker(['TRAIN']);
      const trainer = childrenOf(worker.pid!).find((p) => cmdline(p).includes('trainer-child'));
      const at = Date.now();
      const fault: Fault = { kind: 'kill -9 trainer child', at, running };
      faults.push(fault);
      if (trainer) process.kill(trainer, 'SIGKILL');
      const retried = trainer
        ? await until('a retry', 60_000, () => eventsAfter(running, at, 'infrastructure failed')).catch(() => undefined)
        : undefined;
      fault.hit = retried !== undefined;
      if (retried) fault.recoverMs = retried - at;
      log(`kill -9 trainer: ${fault.hit ? `retried in ${fault.recoverMs} ms` : 'no retry recorded'}`);
    }

    // Drain: stop submitting, let everything accepted finish.
    streaming = false;
    await stream;
    log(`draining ${tracked.length} submissions`);
    await until('the queue to drain', 240_000, async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS c FROM submissions WHERE status IN ('QUEUED','RUNNING')`,
      );
      return rows[0].c === 0 ? true : undefined;
    }).catch(() => log('the queue did not drain in time'));

    const ids = tracked.map((t) => t.id);
    const { rows } = await db.query(
      `SELECT s.id, s.status, s.counts_as_attempt, s.error_kind,
              (SELECT count(*)::int FROM submission_events e
                WHERE e.submission_id = s.id AND e.status IN ('PASSED','FAILED','ERROR','CANCELLED')) AS finals
         FROM submissions s WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r: any) => [r.id as string, r]));
    const lost = tracked.filter((t) => !byId.has(t.id)).length;
    const stuck = rows.filter((r: any) => !FINAL.includes(r.status)).length;
    const twice = rows.filter((r: any) => r.finals > 1).length;
    const charged = tracked.filter((t) => {
      const r: any = byId.get(t.id);
      return r && r.counts_as_attempt && !t.expected.includes(r.status);
    }).length;
    const oursError = rows.filter((r: any) => r.status === 'ERROR' && r.error_kind === 'INFRASTRUCTURE').length;
    const hits = faults.filter((f) => f.hit).length;
    const times = faults
      .map((f) => f.recoverMs)
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      times.length ? `${(times[Math.min(times.length - 1, Math.floor(p * times.length))]! / 1000).toFixed(1)} s` : '-';
    const crashes = [api, ...workers].reduce((s, p) => s + p.unexpectedExits, 0);
    const table: [string, string | number][] = [
      ['faults injected', faults.length],
      ['faults that hit a running job', hits],
      ['submissions', tracked.length],
      [
        '  coding / model',
        `${tracked.filter((t) => t.kind === 'coding').length} / ${tracked.filter((t) => t.kind === 'model').length}`,
      ],
      ['lost', lost],
      ['stuck', stuck],
      ['graded twice', twice],
      ['charged for our failure', charged],
      ['ended ERROR on our side (not charged)', oursError],
      ['refused at submit while a store was down', refused],
      ['unexpected process exits', crashes],
      ['time to recover p50 / p95', `${pct(0.5)} / ${pct(0.95)}`],
      ['wall time', `${Math.round((Date.now() - T0) / 1000)} s`],
    ];
    const width = Math.max(...table.map(([k]) => k.length));
    process.stdout.write(`\n| ${'fault suite'.padEnd(width)} | result |\n|${'-'.repeat(width + 2)}|--------|\n`);
    for (const [k, v] of table) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`);
    const failed = lost + stuck + twice + charged > 0 || hits < MIN_HITS;
    process.stdout.write(failed ? `\nFAILED (need 0 lost/stuck/twice/charged and ≥ ${MIN_HITS} hits)\n` : '\nOK\n');
    await db.end().catch(() => undefined);
    rds.disconnect();
    process.exitCode = failed ? 1 : 0;
  } finally {
    await cleanup();
  }
}

function pgUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
}
function pgGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
}

/** Direct children of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

// Bounded: a hung run fails instead of holding CI.
const deadline = setTimeout(
  () => {
    process.stderr.write(`[faults] over the bound of ${process.env.FAULT_BOUND_SECONDS ?? 900} s; giving up\n`);
    process.exit(1);
  },
  Number(process.env.FAULT_BOUND_SECONDS ?? 900) * 1000,
);
deadline.unref();

main().catch((e: unknown) => {
  process.stderr.write(`[faults] ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
