/*
 * src/startup: what each process (api, worker, the CLI scripts) does before it serves. It sits
 * above database, redis and content so that none of those has to import another.
 */
import type { AppConfig } from '../config/config.js';
import { ensureDatabase, redact } from '../database/data-source.js';
import { pingRedis } from '../redis/redis.js';

const HOW_TO_START = {
  postgres:
    'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)',
  redis: 'start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379   (or: docker compose up -d redis)',
};

/**
 * Checks that PostgreSQL and Redis answer (creating the database if it is missing) before
 * anything else starts. On failure prints one line naming the URL and how to start it, and
 * exits non-zero.
 */
export async function preflight(config: AppConfig, processName: string): Promise<void> {
  try {
    await ensureDatabase(config.DATABASE_URL);
  } catch (e) {
    fail(
      processName,
      `cannot reach PostgreSQL at ${redact(config.DATABASE_URL)} (${reason(e)}); ${HOW_TO_START.postgres}`,
    );
  }
  try {
    await pingRedis(config.REDIS_URL);
  } catch (e) {
    fail(processName, `cannot reach Redis at ${redact(config.REDIS_URL)} (${reason(e)}); ${HOW_TO_START.redis}`);
  }
}

function reason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ?? err.message?.split('\n')[0] ?? String(e);
}

function fail(processName: string, line: string): never {
  process.stderr.write(`[${processName}] ${line}\n`);
  process.exit(1);
}
