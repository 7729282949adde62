import { Global, Module } from '@nestjs/common';
import { AssessmentAttemptsPort } from '../submissions/assessment-attempts.port.js';
import { AssessmentAttempts } from './assessment-attempts.js';
import { InvitationsRepository } from './invitations.repository.js';

/**
 * Binds the submissions module's AssessmentAttemptsPort to assessments' implementation.
 * Global and imported once by the app module: submissions cannot import it (that would be a cycle).
 */
@Global()
@Module({
  providers: [InvitationsRepository, { provide: AssessmentAttemptsPort, useClass: AssessmentAttempts }],
  exports: [AssessmentAttemptsPort],
})
export class AssessmentAttemptsModule {}
