import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { pingDatabase } from '../database/queries.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { liveWorkers } from '../queue/worker-heartbeat.js';
import { REDIS } from '../redis/redis.module.js';
import { GRADING_QUEUE, type GradingJobData } from '../submissions/grading-queue.js';
import { SubmissionsRepository } from '../submissions/submissions.repository.js';
import { nativeKernelsStatus } from '../training/native-kernels/addon.js';

async function probe(
  check: () => Promise<unknown>,
  timeoutMs = 2000,
): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (e as Error).message.split('\n')[0] };
  }
}

/** All of `promises`, or a rejection naming the limit (a Redis that is away queues commands instead of failing them). */
async function within<T extends readonly unknown[]>(
  ms: number,
  promises: [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return (await Promise.race([
      Promise.all(promises),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ])) as T;
  } finally {
    clearTimeout(timer);
  }
}

@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(GRADING_QUEUE) private readonly queue: Queue<GradingJobData>,
    private readonly submissions: SubmissionsRepository,
  ) {}

  /** The process is up. */
  @Get('healthz')
  health() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * The grading service as a whole, for operators and dashboards: live workers (by their
   * heartbeats), the queue's depth and the age of the oldest waiting submission. Always 200
   * when it can answer; "degraded" when nothing would grade a waiting submission. Not a
   * readiness check: an API without workers still serves everything else.
   */
  @Get('status')
  async status(@Res({ passthrough: true }) res: Response) {
    try {
      const [workers, counts, oldest] = await within(3000, [
        liveWorkers(this.redis, this.config.QUEUE_PREFIX),
        this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'),
        this.submissions.queuedSummary(),
      ]);
      const now = Date.now();
      return {
        status: workers.length === 0 && (oldest?.queued ?? 0) > 0 ? 'degraded' : 'ok',
        workers: {
          alive: workers.length,
          list: workers.map((w) => ({
            id: w.id,
            pid: w.pid,
            concurrency: w.concurrency,
            running: w.running ?? [],
            upSeconds: Math.round((now - Date.parse(w.startedAt)) / 1000),
            lastBeatSecondsAgo: Math.round((now - Date.parse(w.at)) / 1000),
          })),
        },
        queue: {
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
        },
        submissions: {
          queued: oldest?.queued ?? 0,
          oldestQueuedSeconds:
            oldest?.oldest === null || oldest?.oldest === undefined ? null : Math.round(oldest.oldest),
        },
      };
    } catch (e) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', error: (e as Error).message.split('\n')[0] };
    }
  }

  /** PostgreSQL and Redis answer; 503 otherwise. About this API's own dependencies only (not the workers). */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) res: Response) {
    const [postgres, redis] = await Promise.all([probe(() => pingDatabase(this.db)), probe(() => this.redis.ping())]);
    const ready = postgres.ok && redis.ok;
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    // `training` says whether this host's workers train with the native kernels; it never
    // changes readiness (the wasm kernels are the fallback).
    return { status: ready ? 'ready' : 'unavailable', checks: { postgres, redis }, training: nativeKernelsStatus() };
  }
}
