import { Module } from '@nestjs/common';
import { ExercisesCoreModule } from '../exercises/exercises-core.module.js';
import { SubmissionsCoreModule } from '../submissions/submissions-core.module.js';
import { GradingProcessor } from './grading.processor.js';
import { SubmissionSweeper } from './submission-sweeper.js';
import { ValidationRunner } from './validation-runner.js';
import { WorkerHeartbeat } from '../queue/worker-heartbeat.js';

/** The worker side: the job processor and the sweeper. */
@Module({
  imports: [SubmissionsCoreModule, ExercisesCoreModule],
  providers: [GradingProcessor, SubmissionSweeper, ValidationRunner, WorkerHeartbeat],
})
export class GradingModule {}
