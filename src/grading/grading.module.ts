import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { SubmissionLifecycle } from '../submissions/submission-lifecycle.js';
import { gradingQueue, submissionEntities } from '../submissions/submissions.module.js';
import { GradingProcessor } from './grading.processor.js';
import { SubmissionSweeper } from './submission-sweeper.js';
import { ValidationRunner } from './validation-runner.js';
import { WorkerHeartbeat } from '../queue/worker-heartbeat.js';

/** The worker side: the job processor and the sweeper. */
@Module({
  imports: [submissionEntities, gradingQueue, TypeOrmModule.forFeature([ExerciseVersionEntity])],
  providers: [SubmissionLifecycle, GradingProcessor, SubmissionSweeper, ValidationRunner, WorkerHeartbeat],
})
export class GradingModule {}
