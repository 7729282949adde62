import type { AuthUser } from '../access/access.decorators.js';

/**
 * What submitting needs to know of assessments: the caller's open attempt and the pinned
 * version. Declared here, implemented by the assessments feature (AssessmentAttemptsModule,
 * global, bound in the app module), because assessments read submissions and so
 * submissions may not import assessments.
 */
export abstract class AssessmentAttemptsPort {
  /** Throws FORBIDDEN before the invitation is opened, EXERCISE_CLOSED after the deadline. */
  abstract attemptFor(
    user: AuthUser,
    assessmentId: string,
    exerciseId: string,
  ): Promise<{ invitationId: string; exerciseVersionId: string }>;

  /** Throws ASSESSMENT_IN_PROGRESS (and records it) when the exercise is in the caller's open assessment. */
  abstract refusePracticeDuringAttempt(user: AuthUser, exerciseId: string, exerciseSlug: string): Promise<void>;
}
