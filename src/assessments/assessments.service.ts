import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { pick } from '../common/locale.js';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../exercises/exercise.entity.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { Role } from '../access/role.enum.js';
import { normaliseEmail, UsersService } from '../users/users.service.js';
import { SubmissionsRepository } from '../submissions/submissions.repository.js';
import { findSimilarPairs, type SubmissionForSimilarity } from '../similarity/index.js';
import { SubmissionLanguage } from '../submissions/submission.types.js';

type SimilarityLanguage = SubmissionForSimilarity['language'];
import { AssessmentEntity, AssessmentItemEntity, InvitationEntity, ReviewEntity } from './assessment.entity.js';
import { csvCell } from './csv.js';
import type {
  SimilarityFlagView,
  AssessmentReportView,
  AssessmentView,
  AttemptView,
  CandidateReportView,
  CandidateRowView,
  CreateAssessmentInput,
  InvitationView,
  ReviewCandidateInput,
} from './assessment.types.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const DAY = 24 * 3600 * 1000;

@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly exercises: ExercisesService,
    private readonly submissions: SubmissionsService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly submissionStats: SubmissionsRepository,
  ) {}

  async create(user: AuthUser, input: CreateAssessmentInput): Promise<AssessmentView> {
    const org = await this.organisations.organisationOf(user);
    const opensAt = input.opensAt ?? new Date();
    const closesAt = input.closesAt ?? new Date(opensAt.getTime() + 14 * DAY);
    if (closesAt <= opensAt)
      throw new DomainError('BAD_USER_INPUT', 'closesAt: must be after opensAt', { field: 'closesAt' });
    if (new Set(input.exerciseSlugs).size !== input.exerciseSlugs.length) {
      throw new DomainError('BAD_USER_INPUT', 'exerciseSlugs: lists an exercise twice', { field: 'exerciseSlugs' });
    }
    const published = await this.exercises.latestPublishedBySlugs(input.exerciseSlugs);
    const missing = input.exerciseSlugs.filter((s) => !published.has(s));
    if (missing.length)
      throw new DomainError('BAD_USER_INPUT', `exerciseSlugs: no published exercise "${missing.join('", "')}"`, {
        field: 'exerciseSlugs',
      });

    const assessment = await this.db.transaction(async (em) => {
      const row = await em.save(
        AssessmentEntity,
        em.create(AssessmentEntity, {
          organisationId: org.id,
          createdBy: user.id,
          title: input.title.trim(),
          timeLimitMinutes: input.timeLimitMinutes,
          opensAt,
          closesAt,
        }),
      );
      for (const [position, slug] of input.exerciseSlugs.entries()) {
        const { exercise, version } = published.get(slug)!;
        await em.insert(AssessmentItemEntity, {
          assessmentId: row.id,
          position,
          exerciseId: exercise.id,
          exerciseVersionId: version.id,
        });
        await em.increment(ExerciseEntity, { id: exercise.id }, 'assessmentExposures', 1);
      }
      return row;
    });
    await this.audit.record(user.id, 'assessment.created', 'assessment', assessment.id, {
      title: assessment.title,
      exercises: input.exerciseSlugs,
    });
    return this.view(assessment);
  }

  /** An assessment of the caller's organisation; managers of other organisations get FORBIDDEN. */
  async ownAssessment(user: AuthUser, id: string): Promise<AssessmentEntity> {
    const assessment = await this.db.getRepository(AssessmentEntity).findOneBy({ id });
    if (!assessment) throw notFound(`Assessment ${id}`);
    if (user.role !== Role.ADMIN) {
      const org = await this.organisations.organisationOf(user);
      if (assessment.organisationId !== org.id)
        throw new DomainError('FORBIDDEN', 'This assessment belongs to another organisation');
    }
    return assessment;
  }

  async list(user: AuthUser): Promise<AssessmentView[]> {
    const org = await this.organisations.organisationOf(user);
    const rows = await this.db
      .getRepository(AssessmentEntity)
      .find({ where: { organisationId: org.id }, order: { createdAt: 'DESC' } });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async invite(user: AuthUser, assessmentId: string, email: string): Promise<InvitationView> {
    const assessment = await this.ownAssessment(user, assessmentId);
    if (assessment.closesAt <= new Date())
      throw new DomainError('EXERCISE_CLOSED', `This assessment closed at ${assessment.closesAt.toISOString()}`);
    const token = randomBytes(32).toString('base64url');
    const repo = this.db.getRepository(InvitationEntity);
    const existing = await repo.findOneBy({ assessmentId, email: normaliseEmail(email) });
    if (existing)
      throw new DomainError('CONFLICT', `email: ${normaliseEmail(email)} is already invited to this assessment`, {
        field: 'email',
      });
    const invitation = await repo.save(
      repo.create({ assessmentId, email: normaliseEmail(email), tokenHash: hashToken(token), invitedBy: user.id }),
    );
    await this.audit.record(user.id, 'assessment.invited', 'invitation', invitation.id, {
      assessmentId,
      email: invitation.email,
    });
    return { id: invitation.id, email: invitation.email, token, link: `/assessments/start?token=${token}` };
  }

  /**
   * Opens the invitation for the signed-in candidate and starts the clock. Single use: the
   * first account to open it owns it; opening it again returns the same attempt.
   */
  async start(user: AuthUser, token: string): Promise<AttemptView> {
    const now = new Date();
    const invitation = await this.db.transaction(async (em) => {
      const found = await em.findOne(InvitationEntity, {
        where: { tokenHash: hashToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new DomainError('NOT_FOUND', 'token: this invitation link is not valid', { field: 'token' });
      if (found.candidateId && found.candidateId !== user.id)
        throw new DomainError('CONFLICT', 'token: this invitation was already used by another account', {
          field: 'token',
        });
      if (found.startedAt) return found;
      const assessment = await em.findOneByOrFail(AssessmentEntity, { id: found.assessmentId });
      if (now < assessment.opensAt)
        throw new DomainError('EXERCISE_CLOSED', `This assessment opens at ${assessment.opensAt.toISOString()}`);
      if (now >= assessment.closesAt)
        throw new DomainError('EXERCISE_CLOSED', `This assessment closed at ${assessment.closesAt.toISOString()}`);
      const deadline = Math.min(now.getTime() + assessment.timeLimitMinutes * 60_000, assessment.closesAt.getTime());
      await em.update(
        InvitationEntity,
        { id: found.id },
        { candidateId: user.id, startedAt: now, deadlineAt: new Date(deadline) },
      );
      return em.findOneByOrFail(InvitationEntity, { id: found.id });
    });
    const assessment = await this.db.getRepository(AssessmentEntity).findOneByOrFail({ id: invitation.assessmentId });
    const view = await this.view(assessment);
    return {
      invitationId: invitation.id,
      assessmentId: assessment.id,
      title: assessment.title,
      startedAt: invitation.startedAt!,
      deadlineAt: invitation.deadlineAt!,
      exercises: view.exercises,
    };
  }

  async report(user: AuthUser, assessmentId: string): Promise<AssessmentReportView> {
    const assessment = await this.ownAssessment(user, assessmentId);
    const view = await this.view(assessment);
    const invitations = await this.db
      .getRepository(InvitationEntity)
      .find({ where: { assessmentId }, order: { createdAt: 'ASC' } });
    return { assessment: view, candidates: await this.rows(invitations, view) };
  }

  async candidateReport(user: AuthUser, invitationId: string): Promise<CandidateReportView> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ id: invitationId });
    if (!invitation) throw notFound(`Invitation ${invitationId}`);
    const assessment = await this.ownAssessment(user, invitation.assessmentId);
    const view = await this.view(assessment);
    const [candidate] = await this.rows([invitation], view);
    const submissions = await this.db
      .getRepository(SubmissionEntity)
      .find({ where: { invitationId }, order: { createdAt: 'ASC' } });
    return { candidate: candidate!, submissions: await this.submissions.toViews(submissions) };
  }

  async review(user: AuthUser, input: ReviewCandidateInput): Promise<CandidateRowView> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ id: input.invitationId });
    if (!invitation) throw notFound(`Invitation ${input.invitationId}`);
    const assessment = await this.ownAssessment(user, invitation.assessmentId);
    await this.db.getRepository(ReviewEntity).upsert(
      {
        invitationId: invitation.id,
        reviewerId: user.id,
        ...(input.rating !== undefined && { rating: input.rating }),
        ...(input.notes !== undefined && { notes: input.notes }),
      },
      ['invitationId'],
    );
    await this.audit.record(user.id, 'assessment.reviewed', 'invitation', invitation.id, {
      rating: input.rating ?? null,
    });
    const [row] = await this.rows([invitation], await this.view(assessment));
    return row!;
  }

  /**
   * Pairs of submissions in the assessment (and against each exercise's reference) whose code
   * is near-identical after normalising names and formatting, or whose model is identical
   * layer for layer. Evidence for a human; nothing is rejected.
   */
  async similarity(user: AuthUser, assessmentId: string): Promise<SimilarityFlagView[]> {
    await this.ownAssessment(user, assessmentId);
    const items = await this.db
      .getRepository(AssessmentItemEntity)
      .find({ where: { assessmentId }, order: { position: 'ASC' } });
    const invitations = await this.db.getRepository(InvitationEntity).find({ where: { assessmentId } });
    const emailOf = new Map(invitations.map((i) => [i.id, i.email]));
    const flags: SimilarityFlagView[] = [];
    for (const item of items) {
      const version = await this.db
        .getRepository(ExerciseVersionEntity)
        .findOneByOrFail({ id: item.exerciseVersionId });
      const exercise = await this.db.getRepository(ExerciseEntity).findOneByOrFail({ id: item.exerciseId });
      const subs = invitations.length
        ? await this.db
            .getRepository(SubmissionEntity)
            .find({ where: { invitationId: In(invitations.map((i) => i.id)), exerciseId: item.exerciseId } })
        : [];
      const entries: SubmissionForSimilarity[] = subs
        .filter((s) => s.language !== SubmissionLanguage.QUIZ_ANSWERS)
        .map((s) => ({
          id: s.id,
          candidateId: s.invitationId!,
          language: s.language as SimilarityLanguage,
          code: s.code,
          topology: s.topology ?? undefined,
        }));
      if (entries.length === 0) continue;
      entries.push({
        id: `reference:${exercise.slug}`,
        candidateId: 'reference',
        language: 'TYPESCRIPT',
        code: version.referenceCode,
      });
      const base = version.starterCode ? [{ code: version.starterCode, language: 'TYPESCRIPT' as const }] : [];
      const report = findSimilarPairs(entries, { base });
      const side = (s: { id: string; candidateId: string }, regions: { startLine: number; endLine: number }[]) => ({
        submissionId: s.candidateId === 'reference' ? null : s.id,
        candidateEmail: s.candidateId === 'reference' ? null : (emailOf.get(s.candidateId) ?? null),
        lines: regions.map((r) => `${r.startLine}-${r.endLine}`),
      });
      for (const f of report.flags) {
        flags.push({
          exerciseSlug: exercise.slug,
          a: side(
            f.a,
            f.code.regions.map((r) => r.a),
          ),
          b: side(
            f.b,
            f.code.regions.map((r) => r.b),
          ),
          reasons: f.reasons,
          score: f.score,
          againstReference: f.againstReference,
          sharedLayers: f.architecture?.layers ?? null,
          summary: f.summary,
        });
      }
    }
    return flags;
  }

  /** The comparison table as CSV (one row per candidate and exercise). */
  async csv(user: AuthUser, assessmentId: string): Promise<string> {
    const { candidates } = await this.report(user, assessmentId);
    const header = [
      'email',
      'name',
      'state',
      'started_at',
      'time_used_s',
      'exercise',
      'passed',
      'best_accuracy',
      'accuracy_low',
      'accuracy_high',
      'params',
      'training_s',
      'attempts',
      'rating',
      'notes',
    ];
    const lines = [header.join(',')];
    for (const c of candidates) {
      for (const r of c.results) {
        lines.push(
          [
            c.email,
            c.displayName ?? '',
            c.state,
            c.startedAt?.toISOString() ?? '',
            c.timeUsedSeconds ?? '',
            r.exerciseSlug,
            r.passed,
            r.bestAccuracy ?? '',
            r.accuracyLow ?? '',
            r.accuracyHigh ?? '',
            r.paramCount ?? '',
            r.trainingSeconds ?? '',
            r.attempts,
            c.rating ?? '',
            c.notes ?? '',
          ]
            .map(csvCell)
            .join(','),
        );
      }
    }
    return `${lines.join('\n')}\n`;
  }

  private async view(assessment: AssessmentEntity): Promise<AssessmentView> {
    const items = await this.db
      .getRepository(AssessmentItemEntity)
      .find({ where: { assessmentId: assessment.id }, order: { position: 'ASC' } });
    const versions = items.length
      ? await this.db
          .getRepository(ExerciseVersionEntity)
          .find({ where: { id: In(items.map((i) => i.exerciseVersionId)) } })
      : [];
    const exercises = items.length
      ? await this.db.getRepository(ExerciseEntity).find({ where: { id: In(items.map((i) => i.exerciseId)) } })
      : [];
    return {
      id: assessment.id,
      title: assessment.title,
      timeLimitMinutes: assessment.timeLimitMinutes,
      opensAt: assessment.opensAt,
      closesAt: assessment.closesAt,
      exercises: items.map((i) => {
        const v = versions.find((x) => x.id === i.exerciseVersionId)!;
        return {
          slug: exercises.find((e) => e.id === i.exerciseId)!.slug,
          title: pick(v.title, 'en'),
          version: v.version,
        };
      }),
    };
  }

  private async rows(invitations: InvitationEntity[], assessment: AssessmentView): Promise<CandidateRowView[]> {
    if (invitations.length === 0) return [];
    const ids = invitations.map((i) => i.id);
    const stats = await this.submissionStats.invitationStats(ids);
    const best = stats.length
      ? await this.db.getRepository(SubmissionEntity).find({ where: { id: In(stats.map((s) => s.bestId)) } })
      : [];
    const names = await this.users.displayNames(
      invitations.map((i) => i.candidateId).filter((id): id is string => Boolean(id)),
    );
    const reviews = await this.db.getRepository(ReviewEntity).find({ where: { invitationId: In(ids) } });
    const now = Date.now();
    return invitations.map((inv) => {
      const mine = stats.filter((s) => s.invitationId === inv.id);
      const finished = inv.deadlineAt !== null && inv.deadlineAt.getTime() <= now;
      // The attempt runs from opening to the deadline (there is no early hand-in): time used only grows.
      const end = Math.min(now, inv.deadlineAt?.getTime() ?? now);
      const review = reviews.find((r) => r.invitationId === inv.id);
      return {
        invitationId: inv.id,
        email: inv.email,
        displayName: (inv.candidateId && names.get(inv.candidateId)) ?? null,
        state: !inv.startedAt ? 'INVITED' : finished ? 'FINISHED' : 'IN_PROGRESS',
        startedAt: inv.startedAt,
        deadlineAt: inv.deadlineAt,
        timeUsedSeconds: inv.startedAt ? Math.max(0, Math.round((end - inv.startedAt.getTime()) / 1000)) : null,
        rating: review?.rating ?? null,
        notes: review?.notes ?? null,
        results: assessment.exercises.map((e) => {
          const s = mine.find((m) => m.slug === e.slug);
          const b = s && best.find((x) => x.id === s.bestId);
          return {
            exerciseSlug: e.slug,
            passed: s?.passed ?? false,
            bestAccuracy: b?.evaluation?.accuracy ?? null,
            accuracyLow: b?.evaluation?.interval.low ?? null,
            accuracyHigh: b?.evaluation?.interval.high ?? null,
            paramCount: b?.paramCount ?? null,
            trainingSeconds: b?.trainingSeconds ?? null,
            attempts: s?.attempts ?? 0,
          };
        }),
      };
    });
  }
}
