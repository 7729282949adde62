import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApiApp } from '../../src/app.factory.js';
import { resetConfigCache, validateConfig, type AppConfig } from '../../src/config/config.js';
import { prepareDatabase } from '../../src/startup/prepare-database.js';
import { createTestDatabase } from './test-database.js';
import { Redis } from 'ioredis';

export interface TestApi {
  app: INestApplication;
  config: AppConfig;
  databaseUrl: string;
  /** POST /graphql with an optional bearer token; returns the parsed body. */
  /** http://127.0.0.1:<port> once listening (for WebSocket subscriptions). */
  url: string;
  gql: <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => Promise<GqlResponse<T>>;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[];
}

/** The real API on a fresh database (migrated and synced from exercises/) and the local Redis. */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    QUEUE_PREFIX: `dojo_test_${randomBytes(4).toString('hex')}`,
    // Every request of a test file comes from 127.0.0.1: budgets that tests of other things never reach
    // (test/auth.e2e-spec.ts sets its own to test them).
    API_OPERATIONS_PER_MINUTE_PER_IP: '1000000',
    API_OPERATIONS_PER_MINUTE_PER_ACCOUNT: '1000000',
    REGISTRATIONS_PER_IP_PER_HOUR: '1000000',
    LOGIN_FREE_FAILURES_PER_IP: '1000000',
    // The check pool starts its child on the first check instead: most test files make none.
    CHECK_POOL_WARM_UP: 'false',
    ...env,
  });
  resetConfigCache();
  const config = validateConfig(process.env);
  await prepareDatabase(config, { syncContent: true });
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  const address = server.address() as { port: number };
  const gql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResponse<T>> => {
    const req = request(server).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, ...(res.body as object) };
  };
  return {
    app,
    config,
    databaseUrl: db.url,
    url: `http://127.0.0.1:${address.port}`,
    gql,
    http: () => request(server),
    close: async () => {
      await app.close();
      await db.drop();
      await deleteRedisKeys(config.REDIS_URL, `${config.QUEUE_PREFIX}:*`);
    },
  };
}

/** Removes the queue keys a test run left in Redis (each run has its own QUEUE_PREFIX). */
async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
