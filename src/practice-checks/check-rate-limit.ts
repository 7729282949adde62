/**
 * CHECKS_PER_MINUTE per account for checkModel + runVisibleTests: a fixed one-minute window
 * counted in Redis (so every API process shares it), refused with the RATE_LIMITED shape of
 * PRACTICE_ATTEMPTS_PER_HOUR (`limit`, `retryAfterSeconds`).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { REDIS } from '../redis/redis.module.js';

@Injectable()
export class CheckRateLimit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async take(userId: string): Promise<void> {
    const limit = this.config.CHECKS_PER_MINUTE;
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    const key = `${this.config.QUEUE_PREFIX}:checks:${userId}:${window}`;
    const [[, used]] = (await this.redis.multi().incr(key).expire(key, 120).exec()) as [[Error | null, number]];
    if (used > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000));
      throw new DomainError(
        'RATE_LIMITED',
        `You have run ${limit} checks in this minute, the limit. Try again in ${retryAfterSeconds} s.`,
        { limit, retryAfterSeconds },
      );
    }
  }
}
