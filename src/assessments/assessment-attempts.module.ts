import { Global, Module } from '@nestjs/common';
import { AssessmentAttemptsPort } from '../submissions/assessment-attempts.port.js';
import { AssessmentAttempts } from './assessment-attempts.js';

/**
 * Binds the submissions module's AssessmentAttemptsPort to assessments' implementation.
 * Global and imported once by the app module: submissions cannot import it (that would be a cycle).
 */
@Global()
@Module({
  providers: [{ provide: AssessmentAttemptsPort, useClass: AssessmentAttempts }],
  exports: [AssessmentAttemptsPort],
})
export class AssessmentAttemptsModule {}
