import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import type { SubmissionLanguage } from '../submissions/submission.types.js';
import {
  AssessmentDraftEntity,
  AssessmentEntity,
  AssessmentItemEntity,
  InvitationEntity,
} from './assessment.entity.js';
import type {
  AssessmentDraftView,
  InvitationPreviewView,
  SaveAssessmentDraftInput,
} from './assessment-drafts.types.js';

/**
 * The candidate's side of an attempt besides submitting: what a link is for before it is opened,
 * and the editor's code saved as they type (only by the attempt's candidate, only before the deadline).
 */
@Injectable()
export class AssessmentDraftsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly exercises: ExercisesService,
  ) {}

  async preview(token: string): Promise<InvitationPreviewView> {
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ tokenHash });
    if (!invitation) throw new DomainError('NOT_FOUND', 'token: this invitation link is not valid', { field: 'token' });
    if (invitation.revokedAt)
      throw new DomainError('FORBIDDEN', 'token: this invitation was revoked by the hiring team', { field: 'token' });
    const assessment = await this.db.getRepository(AssessmentEntity).findOneByOrFail({ id: invitation.assessmentId });
    const exerciseCount = await this.db.getRepository(AssessmentItemEntity).countBy({ assessmentId: assessment.id });
    return {
      title: assessment.title,
      timeLimitMinutes: assessment.timeLimitMinutes,
      exerciseCount,
      opensAt: assessment.opensAt,
      closesAt: assessment.closesAt,
      started: invitation.startedAt !== null,
    };
  }

  async save(user: AuthUser, input: SaveAssessmentDraftInput): Promise<AssessmentDraftView> {
    const invitation = await this.openAttempt(user, input.assessmentId);
    if (invitation.deadlineAt! <= new Date())
      throw new DomainError(
        'EXERCISE_CLOSED',
        `Time is up: your attempt ended at ${invitation.deadlineAt!.toISOString()}; the draft was not saved`,
      );
    await this.inAssessment(input.assessmentId, input.exerciseSlug);
    const repo = this.db.getRepository(AssessmentDraftEntity);
    await repo.upsert(
      {
        invitationId: invitation.id,
        exerciseSlug: input.exerciseSlug,
        language: input.language,
        code: input.code,
        savedAt: new Date(),
      },
      ['invitationId', 'exerciseSlug'],
    );
    return this.toView(await repo.findOneByOrFail({ invitationId: invitation.id, exerciseSlug: input.exerciseSlug }));
  }

  /** The saved draft, readable after the deadline too (the candidate sees what they had); null when none. */
  async read(user: AuthUser, assessmentId: string, exerciseSlug: string): Promise<AssessmentDraftView | null> {
    const invitation = await this.openAttempt(user, assessmentId);
    const draft = await this.db
      .getRepository(AssessmentDraftEntity)
      .findOneBy({ invitationId: invitation.id, exerciseSlug });
    return draft ? this.toView(draft) : null;
  }

  private async openAttempt(user: AuthUser, assessmentId: string): Promise<InvitationEntity> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ assessmentId, candidateId: user.id });
    if (!invitation?.startedAt || !invitation.deadlineAt)
      throw new DomainError('FORBIDDEN', 'assessmentId: open your invitation link first to start this assessment', {
        field: 'assessmentId',
      });
    return invitation;
  }

  private async inAssessment(assessmentId: string, slug: string): Promise<void> {
    const exerciseId = await this.exercises.idOf(slug);
    const item =
      exerciseId !== null &&
      (await this.db.getRepository(AssessmentItemEntity).findOneBy({ assessmentId, exerciseId }));
    if (!item)
      throw new DomainError('BAD_USER_INPUT', 'exerciseSlug: this exercise is not part of the assessment', {
        field: 'exerciseSlug',
      });
  }

  private toView(d: AssessmentDraftEntity): AssessmentDraftView {
    return {
      exerciseSlug: d.exerciseSlug,
      language: d.language as SubmissionLanguage,
      code: d.code,
      savedAt: d.savedAt,
    };
  }
}
