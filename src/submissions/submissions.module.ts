import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { APP_CONFIG } from '../config/config.module.js';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { createSubmissionPubSub, SUBMISSION_PUBSUB } from './submission-pubsub.js';
import { SubmissionsCoreModule } from './submissions-core.module.js';
import { GradeResolver } from './grade.resolver.js';
import { SubmissionsResolver } from './submissions.resolver.js';
import { SubmissionsService } from './submissions.service.js';
import { QueueEstimator } from './queue-estimate.js';

/** The API side of submissions: store, enqueue, read, cancel, subscribe. */
@Module({
  imports: [SubmissionsCoreModule, ExercisesModule],
  providers: [
    QueueEstimator,
    SubmissionsService,
    SubmissionsResolver,
    GradeResolver,
    { provide: SUBMISSION_PUBSUB, inject: [APP_CONFIG], useFactory: createSubmissionPubSub },
  ],
  exports: [SubmissionsService, SubmissionsCoreModule],
})
export class SubmissionsModule implements OnApplicationShutdown {
  constructor(@Inject(SUBMISSION_PUBSUB) private readonly pubSub: RedisPubSub) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pubSub.close();
  }
}
