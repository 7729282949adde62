import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AssessmentAttemptsPort } from '../submissions/assessment-attempts.port.js';
import { AssessmentItemEntity, InvitationEntity } from './assessment.entity.js';

/** What the submissions module needs to know of assessments, behind its port (kept apart to avoid a cycle). */
@Injectable()
export class AssessmentAttempts implements AssessmentAttemptsPort {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
}
