/**
 * Worker heartbeats: each worker keeps a Redis key `<QUEUE_PREFIX>:worker:<id>` alive
 * (rewritten every WORKER_HEARTBEAT_SECONDS, expiring after three missed beats), so the API
 * can tell how many workers are alive (`/status`, and the notice on a submission made while
 * none is). A killed worker's key simply expires; a stopping one deletes it.
 *
 *   const workers = await liveWorkers(redis, config.QUEUE_PREFIX);   // [{ id, pid, running, … }]
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { REDIS } from '../redis/redis.module.js';

export interface WorkerBeat {
  id: string;
  pid: number;
  host: string;
  concurrency: number;
  startedAt: string;
  /** Submissions being graded at the time of the beat. */
  running: string[];
  /** When this beat was written. */
  at: string;
}

/**
 * Ids of the submissions this process is grading right now (one worker per process), kept by
 * the grading processor and reported with each heartbeat.
 */
export const runningSubmissions = new Set<string>();

const workerKey = (prefix: string, id: string) => `${prefix}:worker:${id}`;

/** The workers whose heartbeat has not expired. */
export async function liveWorkers(redis: Redis, prefix: string): Promise<WorkerBeat[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', workerKey(prefix, '*'), 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values.flatMap((v) => {
    if (!v) return [];
    try {
      return [JSON.parse(v) as WorkerBeat];
    } catch {
      return [];
    }
  });
}

/**
 * How many workers are alive, or null when Redis does not answer within `timeoutMs` (the
 * shared connection queues commands while Redis is away; callers must not wait on it).
 */
export async function countLiveWorkers(redis: Redis, prefix: string, timeoutMs = 1000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      liveWorkers(redis, prefix).then((w) => w.length),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      }),
    ]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('heartbeat');
  readonly id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly startedAt = new Date().toISOString();
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.WORKER_HEARTBEAT_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(workerKey(this.config.QUEUE_PREFIX, this.id)).catch(() => undefined);
  }

  /** Never rejects: a Redis outage is logged once, and the beats resume with Redis. */
  private async beat(): Promise<void> {
    const beat: WorkerBeat = {
      id: this.id,
      pid: process.pid,
      host: os.hostname(),
      concurrency: this.config.WORKER_CONCURRENCY,
      startedAt: this.startedAt,
      running: [...runningSubmissions],
      at: new Date().toISOString(),
    };
    try {
      await this.redis.set(
        workerKey(this.config.QUEUE_PREFIX, this.id),
        JSON.stringify(beat),
        'PX',
        this.config.WORKER_HEARTBEAT_SECONDS * 3000,
      );
      if (this.failing) this.logger.log('heartbeat resumed');
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.logger.warn(`heartbeat failed: ${(e as Error).message}`);
      this.failing = true;
    }
  }
}
