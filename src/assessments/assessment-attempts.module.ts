import { Module } from '@nestjs/common';
import { AssessmentAttempts } from './assessment-attempts.js';

/** Imported by the submissions module to check assessment attempts. */
@Module({ providers: [AssessmentAttempts], exports: [AssessmentAttempts] })
export class AssessmentAttemptsModule {}
