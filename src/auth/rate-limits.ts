/**
 * Redis-backed budgets that keep one client from hurting the others (rate-limiter-flexible,
 * keys under `<QUEUE_PREFIX>:rl:`, so every API process shares them):
 *
 *   - operations: GraphQL root fields (each alias counts) per client address and per account per minute;
 *   - registrations per client address per hour;
 *   - sign-in attempts per account and per address: the first LOGIN_FREE_FAILURES_* failures in 24 h
 *     are free, after that one attempt per wait, the wait doubling with each further failure
 *     (LOGIN_DELAY_BASE_SECONDS … LOGIN_DELAY_MAX_SECONDS). A correct password clears the account's count.
 *
 * A refusal is DomainError RATE_LIMITED with `retryAfterSeconds`. When Redis is unreachable the
 * budgets are kept in this process's memory instead (never fail open, never hang a request).
 *
 *   await limits.operation(ip, user?.id);
 *   const attempt = await limits.loginAttempt(email, ip); … await attempt.succeeded();
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { createRedis } from '../redis/redis.js';

const DAY = 24 * 3600;

/** The wait after the `n`-th failure beyond the free ones (n ≥ 1): base, 2·base, 4·base … capped. */
export function loginDelaySeconds(n: number, baseSeconds: number, maxSeconds: number): number {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.min(Math.max(n - 1, 0), 30));
}

export interface LoginAttempt {
  /** The password was right: the account's failures are forgotten, the address is not charged. */
  succeeded(): Promise<void>;
}

@Injectable()
export class RateLimits implements OnModuleInit, OnModuleDestroy {
  private readonly redis: Redis;
  private readonly opsByIp: RateLimiterAbstract;
  private readonly opsByAccount: RateLimiterAbstract;
  private readonly registrationsByIp: RateLimiterAbstract;
  private readonly loginFailures: { account: RateLimiterAbstract; ip: RateLimiterAbstract };
  private readonly loginGates: { account: RateLimiterAbstract; ip: RateLimiterAbstract };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Its own connection: a limiter must answer or fall back at once, never queue behind a Redis outage.
    this.redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectionName: 'dojo-rate-limits' });
    this.redis.on('error', () => undefined); // reported by /readyz; the limiters fall back to memory
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.QUEUE_PREFIX}:rl:${name}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
      });
    this.opsByIp = limiter('ops-ip', config.API_OPERATIONS_PER_MINUTE_PER_IP, 60);
    this.opsByAccount = limiter('ops-account', config.API_OPERATIONS_PER_MINUTE_PER_ACCOUNT, 60);
    this.registrationsByIp = limiter('register-ip', config.REGISTRATIONS_PER_IP_PER_HOUR, 3600);
    // Failure counters (never refuse by themselves) and gates (one attempt per wait).
    this.loginFailures = {
      account: limiter('login-fail-account', Number.MAX_SAFE_INTEGER, DAY),
      ip: limiter('login-fail-ip', Number.MAX_SAFE_INTEGER, DAY),
    };
    this.loginGates = { account: limiter('login-gate-account', 1, 1), ip: limiter('login-gate-ip', 1, 1) };
  }

  /** Waits for the connection, so the first requests are counted in Redis rather than in memory. */
  async onModuleInit(): Promise<void> {
    await this.redis.ping().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** One GraphQL root field by this address (and account, when signed in). */
  async operation(ip: string, userId: string | undefined): Promise<void> {
    await this.take(
      this.opsByIp,
      ip,
      (s) =>
        `Too many requests from your address: the limit is ${this.config.API_OPERATIONS_PER_MINUTE_PER_IP} operations a minute. Try again in ${s} s.`,
      this.config.API_OPERATIONS_PER_MINUTE_PER_IP,
    );
    if (userId) {
      await this.take(
        this.opsByAccount,
        userId,
        (s) =>
          `Too many requests from your account: the limit is ${this.config.API_OPERATIONS_PER_MINUTE_PER_ACCOUNT} operations a minute. Try again in ${s} s.`,
        this.config.API_OPERATIONS_PER_MINUTE_PER_ACCOUNT,
      );
    }
  }

  async registration(ip: string): Promise<void> {
    await this.take(
      this.registrationsByIp,
      ip,
      (s) =>
        `Too many accounts registered from your address: the limit is ${this.config.REGISTRATIONS_PER_IP_PER_HOUR} an hour. Try again in ${s} s.`,
      this.config.REGISTRATIONS_PER_IP_PER_HOUR,
    );
  }

  /**
   * Admits one sign-in attempt or refuses it with RATE_LIMITED. The attempt is counted as a
   * failure before the password is checked, so parallel attempts (aliases in one request) are
   * counted one by one and cannot all slip through before the first failure is recorded.
   */
  async loginAttempt(email: string, ip: string): Promise<LoginAttempt> {
    const account = `${email}`;
    await this.admit('account', account, this.config.LOGIN_FREE_FAILURES_PER_ACCOUNT);
    try {
      await this.admit('ip', ip, this.config.LOGIN_FREE_FAILURES_PER_IP);
    } catch (e) {
      await this.loginFailures.account.reward(account).catch(() => undefined);
      throw e;
    }
    return {
      succeeded: async () => {
        await Promise.all([
          this.loginFailures.account.delete(account),
          this.loginGates.account.delete(account),
          this.loginFailures.ip.reward(ip),
        ]).catch(() => undefined);
      },
    };
  }

  private async admit(kind: 'account' | 'ip', key: string, free: number): Promise<void> {
    const failures = this.loginFailures[kind];
    const counted = await failures.consume(key);
    const beyond = counted.consumedPoints - free;
    if (beyond <= 0) return;
    const wait = loginDelaySeconds(beyond, this.config.LOGIN_DELAY_BASE_SECONDS, this.config.LOGIN_DELAY_MAX_SECONDS);
    try {
      // The first attempt in a wait window opens it (with this failure's wait); the others are refused.
      await this.loginGates[kind].consume(key, 1, { customDuration: wait });
    } catch (e) {
      await failures.reward(key).catch(() => undefined); // a refused attempt tried no password
      if (!(e instanceof RateLimiterRes)) throw e;
      const seconds = retryAfter(e);
      throw new DomainError(
        'RATE_LIMITED',
        kind === 'account'
          ? `Too many failed sign-ins to this account; try again in ${seconds} s.`
          : `Too many failed sign-ins from your address; try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      );
    }
  }

  private async take(
    limiter: RateLimiterAbstract,
    key: string,
    message: (seconds: number) => string,
    limit: number,
  ): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const seconds = retryAfter(e);
      throw new DomainError('RATE_LIMITED', message(seconds), { limit, retryAfterSeconds: seconds });
    }
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
