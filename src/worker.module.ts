import { Module } from '@nestjs/common';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { GradingModule } from './grading/grading.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';

/** The grading worker: no HTTP; consumes grading jobs from Redis. */
@Module({
  imports: [AppConfigModule, DatabaseModule, RedisModule, QueueModule, GradingModule],
})
export class WorkerModule {}
