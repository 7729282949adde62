import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../access/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { InvitationEntity } from './assessment.entity.js';
import type { CandidateRowView } from './assessment.types.js';
import { AssessmentsService } from './assessments.service.js';
import type { ExtendInvitationInput } from './dto/extend-invitation.input.js';

/** What a hiring manager does to one invitation after sending it: revoke it, give more time. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The link stops working; an attempt under way ends now (its submissions so far stay in the
   * report). Inviting the address again before it was opened lifts the revocation with a new link.
   */
  async revoke(user: AuthUser, invitationId: string): Promise<CandidateRowView> {
    const invitation = await this.own(user, invitationId);
    if (invitation.revokedAt)
      throw new DomainError('CONFLICT', `invitationId: invitation ${invitation.id} is already revoked`, {
        field: 'invitationId',
      });
    const now = new Date();
    const deadlineAt = invitation.deadlineAt && invitation.deadlineAt > now ? now : invitation.deadlineAt;
    await this.db.getRepository(InvitationEntity).update({ id: invitation.id }, { revokedAt: now, deadlineAt });
    await this.audit.record(user.id, 'assessment.invitation_revoked', 'invitation', invitation.id, {
      email: invitation.email,
      started: invitation.startedAt !== null,
    });
    return this.row(user, invitation.id);
  }

  /** Moves one candidate's deadline `minutes` later (from now when it has passed), past the window too. */
  async extend(user: AuthUser, input: ExtendInvitationInput): Promise<CandidateRowView> {
    const invitation = await this.own(user, input.invitationId);
    if (invitation.revokedAt)
      throw new DomainError('CONFLICT', `invitationId: invitation ${invitation.id} was revoked`, {
        field: 'invitationId',
      });
    if (!invitation.deadlineAt)
      throw new DomainError(
        'CONFLICT',
        `invitationId: ${invitation.email} has not started yet; the time limit starts when the link is opened`,
        { field: 'invitationId' },
      );
    const from = Math.max(invitation.deadlineAt.getTime(), Date.now());
    const deadlineAt = new Date(from + input.minutes * 60_000);
    await this.db.getRepository(InvitationEntity).update({ id: invitation.id }, { deadlineAt });
    await this.audit.record(user.id, 'assessment.time_extended', 'invitation', invitation.id, {
      email: invitation.email,
      minutes: input.minutes,
      previousDeadline: invitation.deadlineAt.toISOString(),
      deadline: deadlineAt.toISOString(),
    });
    return this.row(user, invitation.id);
  }

  private async own(user: AuthUser, invitationId: string): Promise<InvitationEntity> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ id: invitationId });
    if (!invitation) throw notFound(`Invitation ${invitationId}`);
    await this.assessments.ownAssessment(user, invitation.assessmentId);
    return invitation;
  }

  private async row(user: AuthUser, invitationId: string): Promise<CandidateRowView> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneByOrFail({ id: invitationId });
    const assessment = await this.assessments.ownAssessment(user, invitation.assessmentId);
    return this.assessments.rowOf(invitation, await this.assessments.viewOf(assessment));
  }
}
