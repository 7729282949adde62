import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { AppConfig } from '../config/config.js';
import { createRedis } from '../redis/redis.js';

export const SUBMISSION_PUBSUB = Symbol('SUBMISSION_PUBSUB');

/**
 * Subscriptions read updates from Redis, so any API process serves an update published by
 * any worker. Messages are JSON (see SubmissionLifecycle.publish).
 */
export function createSubmissionPubSub(config: AppConfig): RedisPubSub {
  return new RedisPubSub({ publisher: createRedis(config.REDIS_URL), subscriber: createRedis(config.REDIS_URL) });
}
