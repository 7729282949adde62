/**
 * PostgreSQL and Redis of the suite's own, on free loopback ports with their data in the
 * temporary directory, so the suite may stop and restart them. PostgreSQL refuses to run as
 * root: its programs then run as the `postgres` user (`runuser`), which owns the data directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { asRoot, freePort, pgGid, pgUid, signalGroup, sleep, tmp, track, until } from './support.js';

/** `name` from the newest PostgreSQL under /usr/lib/postgresql/<version>/bin (Debian's layout). */
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

const pgCommand = (bin: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];

/** A store process we may stop and start again. */
export class Service {
  child?: ChildProcess;
  output = '';
  constructor(
    readonly name: string,
    private readonly command: () => [string, string[]],
  ) {}

  start(): void {
    const [cmd, args] = this.command();
    this.child = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    const keep = (c: Buffer) => (this.output = (this.output + c.toString()).slice(-8000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    // The group: `runuser` and the PostgreSQL it started.
    signalGroup(child, signal);
    await Promise.race([exited, sleep(20_000)]);
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child, 'SIGKILL');
      await exited;
    }
  }
}

export interface Stores {
  databaseUrl: string;
  redisUrl: string;
  /** Stop, wait a second, start again and wait until it answers. */
  restartPostgres(): Promise<void>;
  restartRedis(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStores(database: string): Promise<Stores> {
  const [pgPort, redisPort] = [await freePort(), await freePort()];
  const pgData = path.join(tmp, 'pg');
  const sock = path.join(tmp, 'sock');
  const redisDir = path.join(tmp, 'redis');
  for (const d of [pgData, sock, redisDir]) mkdirSync(d, { recursive: true });
  if (asRoot) for (const d of [tmp, pgData, sock]) chownSync(d, pgUid(), pgGid());

  const [initCmd, initArgs] = pgCommand(pgBin('initdb'), ['-D', pgData, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const postgres = new Service('postgres', () =>
    pgCommand(pgBin('postgres'), [
      ...['-D', pgData, '-p', String(pgPort), '-k', sock],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    ]),
  );
  // Append-only with fsync on every write: a restart keeps the queue.
  const redis = new Service('redis', () => [
    'redis-server',
    [
      ...['--port', String(redisPort), '--bind', '127.0.0.1', '--save', ''],
      ...['--appendonly', 'yes', '--appendfsync', 'always', '--dir', redisDir],
    ],
  ]);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
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
  return {
    databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/${database}`,
    redisUrl,
    restartPostgres: async () => (await postgres.stop('SIGINT'), await sleep(1000), await startPostgres()),
    restartRedis: async () => (await redis.stop('SIGTERM'), await sleep(1000), await startRedis()),
    stop: async () => void (await Promise.all([postgres.stop('SIGINT'), redis.stop('SIGTERM')])),
  };
}
