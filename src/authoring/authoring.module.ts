import { Module } from '@nestjs/common';
import { CheckPoolModule } from '../check-pool/check-pool.module.js';
import { SubmissionsCoreModule } from '../submissions/submissions-core.module.js';
import { AuthoringResolver } from './authoring.resolver.js';
import { AuthoringService } from './authoring.service.js';

/**
 * Imports SubmissionsCoreModule for the grading queue (validation jobs run on the worker) and
 * CheckPoolModule: a draft's reference fills the expected values in the same pool as the
 * candidates' Check/Run, under its own per-account rate (EXPECTED_FILLS_PER_MINUTE).
 */
@Module({
  imports: [SubmissionsCoreModule, CheckPoolModule],
  providers: [AuthoringService, AuthoringResolver],
})
export class AuthoringModule {}
