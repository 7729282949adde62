import { Module } from '@nestjs/common';
import { SubmissionsCoreModule } from '../submissions/submissions-core.module.js';
import { HealthController } from './health.controller.js';

/** SubmissionsCoreModule for the grading queue the status page reads. */
@Module({ imports: [SubmissionsCoreModule], controllers: [HealthController] })
export class HealthModule {}
