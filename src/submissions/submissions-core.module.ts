import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EpochMetricEntity } from './epoch-metric.entity.js';
import { GRADING_QUEUE } from './grading-queue.js';
import { SubmissionEventEntity } from './submission-event.entity.js';
import { SubmissionLifecycle } from './submission-lifecycle.js';
import { SubmissionEntity } from './submission.entity.js';
import { SubmissionsRepository } from './submissions.repository.js';

const submissionEntities = TypeOrmModule.forFeature([SubmissionEntity, SubmissionEventEntity, EpochMetricEntity]);
const gradingQueue = BullModule.registerQueue({ name: GRADING_QUEUE });

/**
 * What both processes share of submissions: the tables, the grading queue, the repository and
 * the lifecycle (one instance per process). Imported by SubmissionsModule (api) and
 * GradingModule (worker).
 */
@Module({
  imports: [submissionEntities, gradingQueue],
  providers: [SubmissionsRepository, SubmissionLifecycle],
  exports: [submissionEntities, gradingQueue, SubmissionsRepository, SubmissionLifecycle],
})
export class SubmissionsCoreModule {}
