import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { pick, type Locale } from '../common/locale.js';
import type { ExerciseView } from '../exercises/exercise.view.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { Role } from '../access/role.enum.js';
import { normaliseEmail, UsersService } from '../users/users.service.js';
import { SubmissionsRepository } from '../submissions/submissions.repository.js';
import { findSimilarPairs, type SubmissionForSimilarity } from '../similarity/index.js';
import { gradedAccuracy, SubmissionLanguage } from '../submissions/submission.types.js';

type SimilarityLanguage = SubmissionForSimilarity['language'];
import { AssessmentEntity, AssessmentItemEntity, InvitationEntity, ScorecardEntity } from './assessment.entity.js';
import { csvCell } from './csv.js';
import { PRACTICE_REFUSED } from './assessment-attempts.js';
import { InvitationsRepository } from './invitations.repository.js';
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

/**
 * The path of the link a candidate opens: a page of the web app (served with the SPA's
 * history fallback, see StartPageController) that signs them in and calls startAssessment.
 */
export const invitationLink = (token: string) => `/assessments/start?token=${encodeURIComponent(token)}`;

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
    private readonly invitations: InvitationsRepository,
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
    // A retired exercise stays in the assessments that pinned it, but no new one takes it.
    const missing = input.exerciseSlugs.filter((s) => !published.has(s) || published.get(s)!.exercise.retiredAt);
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
        await this.exercises.countExposure(em, exercise.id);
      }
      return row;
    });
    await this.audit.record(user.id, 'assessment.created', 'assessment', assessment.id, {
      title: assessment.title,
      exercises: input.exerciseSlugs,
    });
    return this.view(assessment);
  }

  /** The assessment as the API shows it, for the other services of this folder. */
  viewOf(assessment: AssessmentEntity): Promise<AssessmentView> {
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

  /**
   * Invites an address. Inviting it again before it was opened issues a fresh link (the old one
   * stops working); once the candidate has started, the attempt is theirs and stays as it is.
   */
  async invite(user: AuthUser, assessmentId: string, email: string): Promise<InvitationView> {
    const assessment = await this.ownAssessment(user, assessmentId);
    if (assessment.closesAt <= new Date())
      throw new DomainError('EXERCISE_CLOSED', `This assessment closed at ${assessment.closesAt.toISOString()}`);
    const token = randomBytes(32).toString('base64url');
    const address = normaliseEmail(email);
    const repo = this.db.getRepository(InvitationEntity);
    const existing = await repo.findOneBy({ assessmentId, email: address });
    if (existing?.startedAt)
      throw new DomainError(
        'CONFLICT',
        `email: ${address} already started this assessment (invitation ${existing.id}, at ${existing.startedAt.toISOString()})`,
        { field: 'email' },
      );
    const invitation = existing
      ? await repo.save({ ...existing, tokenHash: hashToken(token), invitedBy: user.id, revokedAt: null })
      : await repo.save(repo.create({ assessmentId, email: address, tokenHash: hashToken(token), invitedBy: user.id }));
    await this.audit.record(
      user.id,
      existing ? 'assessment.reinvited' : 'assessment.invited',
      'invitation',
      invitation.id,
      { assessmentId, email: invitation.email },
    );
    return { id: invitation.id, email: invitation.email, token, link: invitationLink(token) };
  }

  /**
   * Opens the invitation for the signed-in candidate and starts the clock. Only the account
   * whose e-mail is the invited address (case-insensitive) may open it; anyone else gets
   * FORBIDDEN and the invitation is left untouched. Opening it again returns the same attempt.
   * The account must have verified that address (EMAIL_NOT_VERIFIED otherwise).
   */
  async start(user: AuthUser, token: string): Promise<AttemptView> {
    const now = new Date();
    const invitation = await this.db.transaction(async (em) => {
      const found = await em.findOne(InvitationEntity, {
        where: { tokenHash: hashToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new DomainError('NOT_FOUND', 'token: this invitation link is not valid', { field: 'token' });
      if (found.revokedAt)
        throw new DomainError('FORBIDDEN', 'token: this invitation was revoked by the hiring team', { field: 'token' });
      // The caller's address and whether it was proven, read through the users feature.
      const account = await this.users.emailStatus(user.id);
      if (!account || normaliseEmail(account.email) !== normaliseEmail(found.email))
        throw new DomainError(
          'FORBIDDEN',
          `token: invitation ${found.id} was sent to another e-mail address; sign in with the account of the invited address to open it`,
          { field: 'token' },
        );
      // The address must be proven, not just typed in at registration.
      if (!account.verified)
        throw new DomainError(
          'EMAIL_NOT_VERIFIED',
          `token: verify ${account.email} first with the link we sent (requestEmailVerification sends a new one), then open the invitation again`,
          { field: 'token' },
        );
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
    return this.attemptView(invitation);
  }

  /** The caller's attempt at an assessment (what startAssessment returned), for a page opened again. */
  async myAttempt(user: AuthUser, assessmentId: string): Promise<AttemptView> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ assessmentId, candidateId: user.id });
    if (!invitation?.startedAt)
      throw new DomainError('FORBIDDEN', 'assessmentId: open your invitation link first to start this assessment', {
        field: 'assessmentId',
      });
    return this.attemptView(invitation);
  }

  private async attemptView(invitation: InvitationEntity): Promise<AttemptView> {
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

  /**
   * An exercise as a candidate in this assessment sees it: the version the assessment pinned
   * (not the newest), and readable even when the exercise is kept out of practice
   * (assessment-only). For the candidate who opened their invitation, and the organisation's managers.
   */
  async exercise(user: AuthUser, assessmentId: string, slug: string, locale: Locale): Promise<ExerciseView> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ assessmentId, candidateId: user.id });
    if (!invitation?.startedAt) {
      if (user.role !== Role.HIRING_MANAGER && user.role !== Role.ADMIN)
        throw new DomainError('FORBIDDEN', 'assessmentId: open your invitation link first to start this assessment', {
          field: 'assessmentId',
        });
      await this.ownAssessment(user, assessmentId);
    }
    const exercise = await this.exercises.withTrack(slug);
    const item =
      exercise &&
      (await this.db.getRepository(AssessmentItemEntity).findOneBy({ assessmentId, exerciseId: exercise.id }));
    if (!exercise || !item) throw notFound(`Exercise "${slug}" in assessment ${assessmentId}`);
    const version = await this.exercises.versionById(item.exerciseVersionId);
    return this.exercises.toView(exercise, version, locale);
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
    const candidate = await this.rowOf(invitation, view);
    const submissions = await this.submissionStats.ofInvitation(invitationId);
    return { candidate: candidate!, submissions: await this.submissions.toViews(submissions) };
  }

  /**
   * Updates the caller's own scorecard (ratings per criterion merged in, notes replaced when
   * given, a decision); every reviewer keeps theirs. Audited, the decision as its own event.
   */
  async review(user: AuthUser, input: ReviewCandidateInput): Promise<CandidateRowView> {
    const invitation = await this.db.getRepository(InvitationEntity).findOneBy({ id: input.invitationId });
    if (!invitation) throw notFound(`Invitation ${input.invitationId}`);
    const assessment = await this.ownAssessment(user, invitation.assessmentId);
    const given: Record<string, number> = {};
    if (input.rating != null) given.overall = input.rating;
    for (const r of input.ratings ?? []) given[r.criterion.trim()] = r.rating;
    const previous = await this.db.transaction(async (em) => {
      // One scorecard per reviewer: concurrent reviews by the same reviewer wait for each other.
      await this.invitations.lockScorecard(em, invitation.id, user.id);
      const card = await em.findOneBy(ScorecardEntity, { invitationId: invitation.id, reviewerId: user.id });
      await em.save(ScorecardEntity, {
        ...(card ?? em.create(ScorecardEntity, { invitationId: invitation.id, reviewerId: user.id, notes: '' })),
        ratings: { ...(card?.ratings ?? {}), ...given },
        ...(input.notes != null && { notes: input.notes }),
        ...(input.decision !== undefined && { decision: input.decision }),
      });
      return card;
    });
    await this.audit.record(user.id, 'assessment.reviewed', 'invitation', invitation.id, {
      ratings: given,
      notesChanged: input.notes != null,
    });
    if (input.decision !== undefined && input.decision !== previous?.decision)
      await this.audit.record(user.id, 'assessment.decided', 'invitation', invitation.id, {
        decision: input.decision,
        previous: previous?.decision ?? null,
      });
    return this.rowOf(invitation, await this.view(assessment));
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
      const version = await this.exercises.versionById(item.exerciseVersionId);
      const [exercise] = await this.exercises.byIds([item.exerciseId]);
      const subs = await this.submissionStats.ofInvitationsForExercise(
        invitations.map((i) => i.id),
        item.exerciseId,
      );
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
      // The Python version's reference is compared with Python submissions, its starter is common ground.
      if (version.pythonReferenceCode)
        entries.push({
          id: `reference:${exercise.slug}:python`,
          candidateId: 'reference',
          language: 'PYTHON',
          code: version.pythonReferenceCode,
        });
      const base: { code: string; language: SimilarityLanguage }[] = version.starterCode
        ? [{ code: version.starterCode, language: 'TYPESCRIPT' }]
        : [];
      if (version.pythonStarterCode) base.push({ code: version.pythonStarterCode, language: 'PYTHON' });
      const report = findSimilarPairs(entries, { base });
      const side = (s: { id: string; candidateId: string }, regions: { startLine: number; endLine: number }[]) => {
        const submission = subs.find((x) => x.id === s.id);
        return {
          submissionId: submission ? s.id : null,
          candidateEmail: submission ? (emailOf.get(s.candidateId) ?? null) : null,
          lines: regions.map((r) => `${r.startLine}-${r.endLine}`),
          submittedAt: submission?.createdAt ?? null,
          code:
            submission?.code ??
            (s.id.endsWith(':python') ? (version.pythonReferenceCode ?? '') : version.referenceCode),
        };
      };
      // One flag per pair of candidates (or candidate and reference) on this exercise: the
      // strongest of their submissions' pairs; the flags come most similar first.
      const seen = new Set<string>();
      for (const f of report.flags) {
        const pair = [f.a.candidateId, f.b.candidateId].sort().join(' ');
        if (seen.has(pair)) continue;
        seen.add(pair);
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
      'total_score',
      'rank',
      'exercise',
      'passed',
      'score',
      'best_accuracy',
      'close_to_threshold',
      'accuracy_low',
      'accuracy_high',
      'params',
      'training_s',
      'attempts',
      'practice_refused',
      'mean_rating',
      'decisions',
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
            c.totalScore,
            c.rank ?? '',
            r.exerciseSlug,
            r.passed,
            r.score ?? '',
            r.bestAccuracy ?? '',
            r.closeToThreshold,
            r.accuracyLow ?? '',
            r.accuracyHigh ?? '',
            r.paramCount ?? '',
            r.trainingSeconds ?? '',
            r.attempts,
            r.practiceRefused,
            c.meanRating ?? '',
            c.scorecards
              .filter((x) => x.decision)
              .map((x) => `${x.reviewerEmail ?? 'deleted reviewer'}: ${x.decision}`)
              .join('; '),
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
    const versions = await this.exercises.versionsByIds(items.map((i) => i.exerciseVersionId));
    const exercises = await this.exercises.byIds(items.map((i) => i.exerciseId));
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

  /** One candidate's row, ranked among all of the assessment's candidates. */
  async rowOf(invitation: InvitationEntity, assessment: AssessmentView): Promise<CandidateRowView> {
    const all = await this.db
      .getRepository(InvitationEntity)
      .find({ where: { assessmentId: invitation.assessmentId } });
    return (await this.rows(all, assessment)).find((r) => r.invitationId === invitation.id)!;
  }

  /** The rows of these invitations (all of one assessment, for the ranking to mean anything). */
  private async rows(invitations: InvitationEntity[], assessment: AssessmentView): Promise<CandidateRowView[]> {
    const rows = await this.unrankedRows(invitations, assessment);
    const totals = rows.filter((r) => r.startedAt !== null).map((r) => r.totalScore);
    for (const r of rows) r.rank = r.startedAt === null ? null : 1 + totals.filter((t) => t > r.totalScore).length;
    return rows;
  }

  private async unrankedRows(invitations: InvitationEntity[], assessment: AssessmentView): Promise<CandidateRowView[]> {
    if (invitations.length === 0) return [];
    const ids = invitations.map((i) => i.id);
    const stats = await this.submissionStats.invitationStats(ids);
    const best = await this.submissionStats.byIds(stats.map((s) => s.bestId));
    const names = await this.users.displayNames(
      invitations.map((i) => i.candidateId).filter((id): id is string => Boolean(id)),
    );
    const cards = await this.db
      .getRepository(ScorecardEntity)
      .find({ where: { invitationId: In(ids) }, order: { updatedAt: 'ASC' } });
    const reviewerEmails = await this.users.emails([
      ...new Set(cards.map((c) => c.reviewerId).filter((id): id is string => Boolean(id))),
    ]);
    const refused = await this.audit.about(PRACTICE_REFUSED, ids);
    const now = Date.now();
    return invitations.map((inv) => {
      const mine = stats.filter((s) => s.invitationId === inv.id);
      const finished = inv.deadlineAt !== null && inv.deadlineAt.getTime() <= now;
      // The attempt runs from opening to the deadline (there is no early hand-in): time used only grows.
      const end = Math.min(now, inv.deadlineAt?.getTime() ?? now);
      const scorecards = cards
        .filter((c) => c.invitationId === inv.id)
        .map((c) => ({
          reviewerId: c.reviewerId,
          reviewerEmail: (c.reviewerId && reviewerEmails.get(c.reviewerId)) ?? null,
          ratings: Object.entries(c.ratings).map(([criterion, rating]) => ({ criterion, rating })),
          notes: c.notes,
          decision: c.decision,
          updatedAt: c.updatedAt,
        }));
      const allRatings = scorecards.flatMap((c) => c.ratings.map((r) => r.rating));
      const results = assessment.exercises.map((e) => {
        const s = mine.find((m) => m.slug === e.slug);
        const b = s && best.find((x) => x.id === s.bestId);
        return {
          exerciseSlug: e.slug,
          passed: s?.passed ?? false,
          score: s?.bestScore ?? null,
          bestAccuracy: b ? gradedAccuracy(b.runs, b.evaluation) : null,
          closeToThreshold: b?.closeToThreshold ?? false,
          accuracyLow: b?.evaluation?.interval.low ?? null,
          accuracyHigh: b?.evaluation?.interval.high ?? null,
          paramCount: b?.paramCount ?? null,
          trainingSeconds: b?.trainingSeconds ?? null,
          attempts: s?.attempts ?? 0,
          practiceRefused: refused.filter((r) => r.subjectId === inv.id && r.details.exerciseSlug === e.slug).length,
        };
      });
      const total = results.reduce((sum, r) => sum + (r.score ?? 0), 0) / Math.max(1, results.length);
      return {
        invitationId: inv.id,
        email: inv.email,
        displayName: (inv.candidateId && names.get(inv.candidateId)) ?? null,
        state: inv.revokedAt ? 'REVOKED' : !inv.startedAt ? 'INVITED' : finished ? 'FINISHED' : 'IN_PROGRESS',
        invitedAt: inv.createdAt,
        revokedAt: inv.revokedAt,
        startedAt: inv.startedAt,
        deadlineAt: inv.deadlineAt,
        timeUsedSeconds: inv.startedAt ? Math.max(0, Math.round((end - inv.startedAt.getTime()) / 1000)) : null,
        scorecards,
        meanRating: allRatings.length
          ? Math.round((allRatings.reduce((a, b) => a + b, 0) / allRatings.length) * 100) / 100
          : null,
        results,
        totalScore: Math.round(total * 10) / 10,
        rank: null,
      };
    });
  }
}
