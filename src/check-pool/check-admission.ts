/**
 * Who may use the check pool now. Each use has its own per-account budget per minute (a fixed
 * one-minute window counted in Redis, so every API process shares it), then the pool's line must
 * have room; both refusals are RATE_LIMITED with `limit` and `retryAfterSeconds`.
 *
 *   await admission.admit(user.id, 'checks');          // checkModel, runVisibleTests: CHECKS_PER_MINUTE
 *   await admission.admit(user.id, 'expectedFills');   // fillExpectedValues: EXPECTED_FILLS_PER_MINUTE
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { REDIS } from '../redis/redis.module.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import { CHECK_POOL } from './check-pool.js';

/** Requests allowed to wait per child before the pool answers "busy". */
const WAITING_PER_CHILD = 4;

export type CheckUse = 'checks' | 'expectedFills';

const WHAT: Record<CheckUse, string> = { checks: 'checks', expectedFills: 'expected-value fills' };

@Injectable()
export class CheckAdmission {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CHECK_POOL) private readonly pool: SandboxPool,
  ) {}

  /** The account's rate for this use, then room in the pool's line: a flood waits for no one. */
  async admit(userId: string, use: CheckUse): Promise<void> {
    await this.take(userId, use);
    const room = WAITING_PER_CHILD * this.pool.size;
    if (this.pool.waiting() >= room) {
      throw new DomainError('RATE_LIMITED', 'The checker is busy with other users; try again in a second.', {
        limit: room,
        retryAfterSeconds: 1,
      });
    }
  }

  private async take(userId: string, use: CheckUse): Promise<void> {
    const limit = use === 'checks' ? this.config.CHECKS_PER_MINUTE : this.config.EXPECTED_FILLS_PER_MINUTE;
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    // 'checks' keeps its historical key, so a rolling deploy keeps counting the same window.
    const key = `${this.config.QUEUE_PREFIX}:${use}:${userId}:${window}`;
    const [[, used]] = (await this.redis.multi().incr(key).expire(key, 120).exec()) as [[Error | null, number]];
    if (used > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000));
      throw new DomainError(
        'RATE_LIMITED',
        `You have run ${limit} ${WHAT[use]} in this minute, the limit. Try again in ${retryAfterSeconds} s.`,
        { limit, retryAfterSeconds },
      );
    }
  }
}
