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
 *
 * The pieces are in scripts/fault-suite/: stores (PostgreSQL, Redis), app-process (API and
 * workers), workload (content and the stream), injections (the faults), report (the verdict).
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import { AppProcess } from './fault-suite/app-process.js';
import { Injector } from './fault-suite/injections.js';
import { printTable, verdict } from './fault-suite/report.js';
import { startStores } from './fault-suite/stores.js';
import { elapsedSeconds, freePort, log, rmTmp, until } from './fault-suite/support.js';
import { gqlClient, registerCandidates, Stream, tinyContent } from './fault-suite/workload.js';

const KILLS = Number(process.env.FAULT_KILLS ?? 20);
const MIN_HITS = Number(process.env.FAULT_MIN_HITS ?? 15);
const BOUND_SECONDS = Number(process.env.FAULT_BOUND_SECONDS ?? 900);

async function main(): Promise<void> {
  const stores = await startStores('dojo_faults');
  const apiPort = await freePort();
  log(`PostgreSQL at ${stores.databaseUrl}, Redis at ${stores.redisUrl}`);
  const prefix = 'faults';
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: stores.databaseUrl,
    REDIS_URL: stores.redisUrl,
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
  try {
    api.start();
    const base = `http://127.0.0.1:${apiPort}`;
    await until('the API', 180_000, async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
    for (const w of workers) w.start();
    const db = new pg.Pool({ connectionString: stores.databaseUrl, max: 3 });
    db.on('error', () => undefined);
    const redis = new Redis(stores.redisUrl, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    const injector = new Injector({ db, redis, prefix, workers, stores });
    await until('two workers', 300_000, async () => ((await injector.beats()).length >= 2 ? true : undefined));
    log('API and two workers up');
    const stopWatching = injector.watchStarts();

    const gql = gqlClient(base);
    const stream = new Stream(gql, db, await registerCandidates(gql, 6));
    stream.start();
    for (let i = 0; i < KILLS; i++) await injector.killWorker(i + 1);
    await injector.restartStore('Redis');
    await injector.restartStore('PostgreSQL');
    await injector.terminateTraining();
    await injector.killTrainer();

    // Drain: stop submitting, let everything accepted finish.
    stopWatching();
    await stream.stop();
    log(`draining ${stream.tracked.length} submissions`);
    await until('the queue to drain', 240_000, async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS c FROM submissions WHERE status IN ('QUEUED','RUNNING')`,
      );
      return rows[0].c === 0 ? true : undefined;
    }).catch(() => log('the queue did not drain in time'));

    const { table, failed } = await verdict(db, stream.tracked, injector.faults, {
      refused: stream.refused,
      crashes: [api, ...workers].reduce((s, p) => s + p.unexpectedExits, 0),
      minHits: MIN_HITS,
      wallSeconds: elapsedSeconds,
    });
    printTable(table);
    process.stdout.write(failed ? `\nFAILED (need 0 lost/stuck/twice/charged and ≥ ${MIN_HITS} hits)\n` : '\nOK\n');
    await db.end().catch(() => undefined);
    redis.disconnect();
    process.exitCode = failed ? 1 : 0;
  } finally {
    await Promise.all([api, ...workers].map((p) => p.stop()));
    await stores.stop();
    rmTmp();
  }
}

// Bounded: a hung run fails instead of holding CI.
const deadline = setTimeout(() => {
  process.stderr.write(`[faults] over the bound of ${BOUND_SECONDS} s; giving up\n`);
  process.exit(1);
}, BOUND_SECONDS * 1000);
deadline.unref();

// Exit explicitly either way: the 'exit' handler stops everything we started.
main().then(
  () => process.exit(),
  (e: unknown) => {
    process.stderr.write(`[faults] ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
