import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { pingDatabase } from '../database/queries.js';
import { REDIS } from '../redis/redis.module.js';

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

@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up. */
  @Get('healthz')
  health() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** PostgreSQL and Redis answer; 503 otherwise. */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) res: Response) {
    const [postgres, redis] = await Promise.all([probe(() => pingDatabase(this.db)), probe(() => this.redis.ping())]);
    const ready = postgres.ok && redis.ok;
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'unavailable', checks: { postgres, redis } };
  }
}
