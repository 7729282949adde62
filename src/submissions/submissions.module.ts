import { BullModule } from '@nestjs/bullmq';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { APP_CONFIG } from '../config/config.module.js';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { EpochMetricEntity } from './epoch-metric.entity.js';
import { GRADING_QUEUE } from './grading-queue.js';
import { SubmissionEventEntity } from './submission-event.entity.js';
import { SubmissionLifecycle } from './submission-lifecycle.js';
import { createSubmissionPubSub, SUBMISSION_PUBSUB } from './submission-pubsub.js';
import { SubmissionEntity } from './submission.entity.js';
import { SubmissionsResolver } from './submissions.resolver.js';
import { SubmissionsService } from './submissions.service.js';
import { QueueEstimator } from './queue-estimate.js';

export const submissionEntities = TypeOrmModule.forFeature([
  SubmissionEntity,
  SubmissionEventEntity,
  EpochMetricEntity,
]);
export const gradingQueue = BullModule.registerQueue({ name: GRADING_QUEUE });

/** The API side of submissions: store, enqueue, read, cancel, subscribe. */
@Module({
  imports: [submissionEntities, gradingQueue, ExercisesModule],
  providers: [
    SubmissionLifecycle,
    QueueEstimator,
    SubmissionsService,
    SubmissionsResolver,
    { provide: SUBMISSION_PUBSUB, inject: [APP_CONFIG], useFactory: createSubmissionPubSub },
  ],
  exports: [SubmissionsService, SubmissionLifecycle],
})
export class SubmissionsModule implements OnApplicationShutdown {
  constructor(@Inject(SUBMISSION_PUBSUB) private readonly pubSub: RedisPubSub) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pubSub.close();
  }
}
