import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { SubmissionsCoreModule } from '../submissions/submissions-core.module.js';
import { GradingProcessor } from './grading.processor.js';
import { SubmissionSweeper } from './submission-sweeper.js';
import { ValidationRunner } from './validation-runner.js';
import { WorkerHeartbeat } from '../queue/worker-heartbeat.js';

/** The worker side: the job processor and the sweeper. */
@Module({
  imports: [SubmissionsCoreModule, TypeOrmModule.forFeature([ExerciseVersionEntity])],
  providers: [GradingProcessor, SubmissionSweeper, ValidationRunner, WorkerHeartbeat],
})
export class GradingModule {}
