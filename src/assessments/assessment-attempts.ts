import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AssessmentAttemptsPort } from '../submissions/assessment-attempts.port.js';
import { AssessmentItemEntity, InvitationEntity } from './assessment.entity.js';
import { InvitationsRepository } from './invitations.repository.js';

/** Audit action of a practice attempt refused because the exercise is in the caller's open assessment. */
export const PRACTICE_REFUSED = 'assessment.practice_refused';

/** What the submissions module needs to know of assessments, behind its port (kept apart to avoid a cycle). */
@Injectable()
export class AssessmentAttempts implements AssessmentAttemptsPort {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsRepository,
  ) {}

  /**
   * For a submission made in an assessment: the caller's open attempt and the pinned version.
   * After the deadline the attempt is closed and submissions are refused.
   */
  async attemptFor(
    user: AuthUser,
    assessmentId: string,
    exerciseId: string,
  ): Promise<{ invitationId: string; exerciseVersionId: string }> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ assessmentId, candidateId: user.id });
    if (!invitation?.deadlineAt)
      throw new DomainError('FORBIDDEN', 'assessmentId: open your invitation link first to start this assessment', {
        field: 'assessmentId',
      });
    if (new Date() >= invitation.deadlineAt) {
      throw new DomainError(
        'EXERCISE_CLOSED',
        `Time is up: your attempt ended at ${invitation.deadlineAt.toISOString()}; the submission was not accepted`,
      );
    }
    const item = await this.db.getRepository(AssessmentItemEntity).findOneBy({ assessmentId, exerciseId });
    if (!item)
      throw new DomainError('BAD_USER_INPUT', 'exerciseSlug: this exercise is not part of the assessment', {
        field: 'exerciseSlug',
      });
    return { invitationId: invitation.id, exerciseVersionId: item.exerciseVersionId };
  }

  /**
   * Practice with feedback on an exercise of the caller's assessment in progress would let them
   * probe it outside the attempt: refused (ASSESSMENT_IN_PROGRESS) and recorded in the audit log,
   * where the manager's report counts it.
   */
  async refusePracticeDuringAttempt(user: AuthUser, exerciseId: string, exerciseSlug: string): Promise<void> {
    const open = await this.invitations.openAttemptContaining(user.id, exerciseId);
    if (!open) return;
    await this.audit.record(user.id, PRACTICE_REFUSED, 'invitation', open.id, { exerciseSlug, exerciseId });
    throw new DomainError(
      'ASSESSMENT_IN_PROGRESS',
      `exerciseSlug: "${exerciseSlug}" is part of your assessment in progress (until ${open.deadlineAt.toISOString()}); practice on it is closed until then. Submit within the assessment (assessmentId ${open.assessmentId}); this attempt was recorded`,
      { field: 'exerciseSlug' },
    );
  }
}
