import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  admin,
  assessmentRow,
  candidate,
  DAY,
  invitationRow,
  manager,
  org,
  publishedOf,
  sha,
} from '../../test/support/unit/assessment-rows.js';
import { mockDatabase, newTestService, partial } from '../../test/support/unit/new-test-service.js';
import {
  AssessmentEntity,
  AssessmentItemEntity,
  InvitationEntity,
  ReviewDecision,
  ScorecardEntity,
} from './assessment.entity.js';
import { AssessmentsService } from './assessments.service.js';
import { SubmissionLanguage } from '../exercises/exercise.types.js';

function setup() {
  const { sut, mocks } = newTestService(AssessmentsService);
  const [db, organisations, exercises, submissions, audit, users, submissionStats, invitations] = mocks;
  const { repo, em } = mockDatabase(db);
  organisations.organisationOf.mockResolvedValue(partial(org));
  // The assessment's exercises (one, softmax, version 3), for every view built.
  repo(AssessmentItemEntity).find.mockResolvedValue([
    { assessmentId: 'asm-1', position: 0, exerciseId: 'ex-softmax', exerciseVersionId: 'v-softmax' },
  ]);
  exercises.versionsByIds.mockResolvedValue(
    partial([{ id: 'v-softmax', version: 3, title: { en: 'Softmax', 'zh-CN': 'Softmax（中文）' } }]),
  );
  exercises.byIds.mockResolvedValue(partial([{ id: 'ex-softmax', slug: 'softmax' }]));
  submissionStats.byIds.mockResolvedValue([]);
  submissionStats.ofInvitation.mockResolvedValue([]);
  submissionStats.ofInvitationsForExercise.mockResolvedValue([]);
  repo(AssessmentEntity).findOneBy.mockResolvedValue(assessmentRow());
  repo(AssessmentEntity).findOneByOrFail.mockResolvedValue(assessmentRow());
  audit.about.mockResolvedValue([]);
  users.displayNames.mockResolvedValue(new Map());
  users.emails.mockResolvedValue(new Map());
  submissionStats.invitationStats.mockResolvedValue([]);
  repo(ScorecardEntity).find.mockResolvedValue([]);
  return { sut, db, repo, em, organisations, exercises, submissions, audit, users, submissionStats, invitations };
}
type Setup = ReturnType<typeof setup>;

describe('AssessmentsService.create', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });
  const input = { title: '  Backend hire ', exerciseSlugs: ['softmax'], timeLimitMinutes: 60 };

  it('refuses a window that closes before it opens (BAD_USER_INPUT on closesAt) and writes nothing', async () => {
    const opensAt = new Date('2030-01-02');
    await expect(t.sut.create(manager, { ...input, opensAt, closesAt: new Date('2030-01-01') })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'closesAt' },
    });
    expect(t.db.transaction).not.toHaveBeenCalled();
  });

  it('refuses an exercise listed twice (BAD_USER_INPUT on exerciseSlugs)', async () => {
    await expect(t.sut.create(manager, { ...input, exerciseSlugs: ['a', 'a'] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'exerciseSlugs' },
    });
  });

  it('refuses unpublished and retired exercises, naming each', async () => {
    t.exercises.latestPublishedBySlugs.mockResolvedValue(new Map([['old', publishedOf('old', new Date())]]));
    await expect(t.sut.create(manager, { ...input, exerciseSlugs: ['old', 'ghost'] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'exerciseSlugs: no published exercise "old", "ghost"',
    });
    expect(t.db.transaction).not.toHaveBeenCalled();
  });

  it('pins each exercise to its published version in order, counts the exposure, and audits the creation', async () => {
    t.exercises.latestPublishedBySlugs.mockResolvedValue(
      new Map([
        ['softmax', publishedOf('softmax')],
        ['cnn', publishedOf('cnn')],
      ]),
    );
    t.em.create.mockImplementation((_e: unknown, values: object) => values);
    t.em.save.mockImplementation(async (_e: unknown, row: object) => ({ ...row, id: 'asm-new' }));
    const opensAt = new Date('2030-01-01T00:00:00Z');
    const view = await t.sut.create(manager, { ...input, exerciseSlugs: ['softmax', 'cnn'], opensAt });

    expect(t.em.save).toHaveBeenCalledWith(
      AssessmentEntity,
      expect.objectContaining({
        organisationId: org.id,
        createdBy: manager.id,
        title: 'Backend hire',
        opensAt,
        closesAt: new Date(opensAt.getTime() + 14 * DAY),
      }),
    );
    expect(t.em.insert.mock.calls).toEqual([
      [
        AssessmentItemEntity,
        { assessmentId: 'asm-new', position: 0, exerciseId: 'ex-softmax', exerciseVersionId: 'v-softmax' },
      ],
      [
        AssessmentItemEntity,
        { assessmentId: 'asm-new', position: 1, exerciseId: 'ex-cnn', exerciseVersionId: 'v-cnn' },
      ],
    ]);
    expect(t.exercises.countExposure.mock.calls).toEqual([
      [t.em, 'ex-softmax'],
      [t.em, 'ex-cnn'],
    ]);
    expect(t.audit.record).toHaveBeenCalledWith(manager.id, 'assessment.created', 'assessment', 'asm-new', {
      title: 'Backend hire',
      exercises: ['softmax', 'cnn'],
    });
    expect(view).toMatchObject({ id: 'asm-new', exercises: [{ slug: 'softmax', title: 'Softmax', version: 3 }] });
  });
});

describe('AssessmentsService.ownAssessment and list', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('says NOT_FOUND for an unknown assessment', async () => {
    t.repo(AssessmentEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.ownAssessment(manager, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a manager of another organisation (FORBIDDEN); an admin reads any without an organisation', async () => {
    t.repo(AssessmentEntity).findOneBy.mockResolvedValue(assessmentRow({ organisationId: 'org-2' }));
    await expect(t.sut.ownAssessment(manager, 'asm-1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.sut.ownAssessment(admin, 'asm-1')).resolves.toMatchObject({ organisationId: 'org-2' });
    expect(t.organisations.organisationOf).toHaveBeenCalledTimes(1);
  });

  it("lists the caller's organisation's assessments, newest first, with their pinned exercises", async () => {
    t.repo(AssessmentEntity).find.mockResolvedValue([assessmentRow()]);
    const views = await t.sut.list(manager);
    expect(t.repo(AssessmentEntity).find).toHaveBeenCalledWith({
      where: { organisationId: org.id },
      order: { createdAt: 'DESC' },
    });
    expect(views).toEqual([
      expect.objectContaining({ id: 'asm-1', exercises: [{ slug: 'softmax', title: 'Softmax', version: 3 }] }),
    ]);
  });
});

describe('AssessmentsService.invite', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
    t.repo(InvitationEntity).create.mockImplementation((v: object) => v);
    t.repo(InvitationEntity).save.mockImplementation(async (v: object) => ({ id: 'inv-9', ...v }));
  });

  it('refuses a closed assessment (EXERCISE_CLOSED)', async () => {
    t.repo(AssessmentEntity).findOneBy.mockResolvedValue(assessmentRow({ closesAt: new Date(Date.now() - 1000) }));
    await expect(t.sut.invite(manager, 'asm-1', 'a@b.test')).rejects.toMatchObject({ code: 'EXERCISE_CLOSED' });
  });

  it('stores only the hash of a fresh token for the normalised address and returns the link once', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(null);
    const result = await t.sut.invite(manager, 'asm-1', '  Ada@Example.TEST ');
    const saved = t.repo(InvitationEntity).save.mock.calls[0]![0] as InvitationEntity;
    expect(saved).toMatchObject({ assessmentId: 'asm-1', email: 'ada@example.test', invitedBy: manager.id });
    expect(saved.tokenHash).toBe(sha(result.token));
    expect(result.link).toBe(`/assessments/start?token=${encodeURIComponent(result.token)}`);
    expect(t.audit.record).toHaveBeenCalledWith(manager.id, 'assessment.invited', 'invitation', 'inv-9', {
      assessmentId: 'asm-1',
      email: 'ada@example.test',
    });
  });

  it('inviting again before the link was opened issues a new token and lifts a revocation', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(invitationRow({ revokedAt: new Date() }));
    const result = await t.sut.invite(manager, 'asm-1', 'ada@example.test');
    expect(t.repo(InvitationEntity).save).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'inv-1', tokenHash: sha(result.token), revokedAt: null }),
    );
    expect(t.audit.record).toHaveBeenCalledWith(
      manager.id,
      'assessment.reinvited',
      'invitation',
      'inv-1',
      expect.anything(),
    );
  });

  it('refuses to re-invite an address whose candidate already started (CONFLICT on email)', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(invitationRow({ startedAt: new Date() }));
    await expect(t.sut.invite(manager, 'asm-1', 'ada@example.test')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'email' },
    });
    expect(t.repo(InvitationEntity).save).not.toHaveBeenCalled();
  });
});

describe('AssessmentsService.start', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
    t.users.emailStatus.mockResolvedValue({ email: 'ada@example.test', verified: true });
    t.em.findOneByOrFail.mockImplementation(async (entity: unknown) =>
      entity === AssessmentEntity
        ? assessmentRow()
        : invitationRow({ candidateId: candidate.id, startedAt: new Date(), deadlineAt: new Date() }),
    );
  });
  const found = (over: Partial<InvitationEntity> = {}) => t.em.findOne.mockResolvedValue(invitationRow(over));

  it('looks the invitation up by the hash of the token, under a row lock', async () => {
    found();
    await t.sut.start(candidate, 'tok');
    expect(t.em.findOne).toHaveBeenCalledWith(InvitationEntity, {
      where: { tokenHash: sha('tok') },
      lock: { mode: 'pessimistic_write' },
    });
  });

  it.each([
    ['an unknown token', null, 'NOT_FOUND'],
    ['a revoked invitation', { revokedAt: new Date() }, 'FORBIDDEN'],
    ['an invitation opened by another account', { candidateId: 'someone-else' }, 'CONFLICT'],
  ])('refuses %s (%s) and starts nothing', async (_what, over, code) => {
    if (over === null) t.em.findOne.mockResolvedValue(null);
    else found(over);
    await expect(t.sut.start(candidate, 'tok')).rejects.toMatchObject({ code, details: { field: 'token' } });
    expect(t.em.update).not.toHaveBeenCalled();
  });

  it('refuses an account whose address is not the invited one (FORBIDDEN), whatever the case', async () => {
    found({ email: 'grace@example.test' });
    await expect(t.sut.start(candidate, 'tok')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    found({ email: 'ADA@example.test' });
    await expect(t.sut.start(candidate, 'tok')).resolves.toBeDefined();
  });

  it('requires a verified address (EMAIL_NOT_VERIFIED)', async () => {
    found();
    t.users.emailStatus.mockResolvedValue({ email: 'ada@example.test', verified: false });
    await expect(t.sut.start(candidate, 'tok')).rejects.toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
  });

  it('refuses before the window opens and after it closes (EXERCISE_CLOSED)', async () => {
    found();
    t.em.findOneByOrFail.mockResolvedValueOnce(assessmentRow({ opensAt: new Date(Date.now() + DAY) }));
    await expect(t.sut.start(candidate, 'tok')).rejects.toMatchObject({ code: 'EXERCISE_CLOSED' });
    t.em.findOneByOrFail.mockResolvedValueOnce(assessmentRow({ closesAt: new Date(Date.now() - 1) }));
    await expect(t.sut.start(candidate, 'tok')).rejects.toMatchObject({ code: 'EXERCISE_CLOSED' });
    expect(t.em.update).not.toHaveBeenCalled();
  });

  it('starts the clock: the deadline is the time limit from now, cut at the window close', async () => {
    found();
    const closesAt = new Date(Date.now() + 30 * 60_000);
    t.em.findOneByOrFail.mockResolvedValueOnce(assessmentRow({ closesAt, timeLimitMinutes: 60 }));
    await t.sut.start(candidate, 'tok');
    expect(t.em.update).toHaveBeenCalledWith(
      InvitationEntity,
      { id: 'inv-1' },
      { candidateId: candidate.id, startedAt: expect.any(Date), deadlineAt: closesAt },
    );
  });

  it('opening it again returns the same attempt and leaves it as it is', async () => {
    const startedAt = new Date(Date.now() - 60_000);
    const deadlineAt = new Date(Date.now() + 60_000);
    found({ candidateId: candidate.id, startedAt, deadlineAt });
    const attempt = await t.sut.start(candidate, 'tok');
    expect(t.em.update).not.toHaveBeenCalled();
    expect(attempt).toMatchObject({ invitationId: 'inv-1', assessmentId: 'asm-1', startedAt, deadlineAt });
  });
});

describe('AssessmentsService.myAttempt and exercise', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('refuses an attempt not opened yet (FORBIDDEN on assessmentId)', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(invitationRow({ candidateId: candidate.id }));
    await expect(t.sut.myAttempt(candidate, 'asm-1')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { field: 'assessmentId' },
    });
  });

  it("returns the caller's opened attempt with its exercises", async () => {
    const startedAt = new Date();
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(invitationRow({ startedAt, deadlineAt: startedAt }));
    await expect(t.sut.myAttempt(candidate, 'asm-1')).resolves.toMatchObject({
      title: 'Backend hire',
      startedAt,
      exercises: [{ slug: 'softmax' }],
    });
  });

  it('shows a candidate who has not opened the link nothing (FORBIDDEN)', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.exercise(candidate, 'asm-1', 'softmax', 'en')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('shows the pinned version, not the newest, to a manager of the organisation', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(null);
    const exercise = { id: 'ex-softmax', slug: 'softmax' };
    const pinned = { id: 'v-softmax', version: 3 };
    t.exercises.withTrack.mockResolvedValue(partial(exercise));
    t.repo(AssessmentItemEntity).findOneBy.mockResolvedValue({ exerciseVersionId: 'v-softmax' });
    t.exercises.versionById.mockResolvedValue(partial(pinned));
    t.exercises.toView.mockReturnValue(partial({ slug: 'softmax' }));
    await t.sut.exercise(manager, 'asm-1', 'softmax', 'zh-CN');
    expect(t.exercises.withTrack).toHaveBeenCalledWith('softmax');
    expect(t.exercises.versionById).toHaveBeenCalledWith('v-softmax');
    expect(t.exercises.toView.mock.calls).toEqual([[exercise, pinned, 'zh-CN']]);
  });

  it('says NOT_FOUND for an exercise that is not part of the assessment', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(invitationRow({ startedAt: new Date() }));
    t.exercises.withTrack.mockResolvedValue(partial({ id: 'ex-other' }));
    t.repo(AssessmentItemEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.exercise(candidate, 'asm-1', 'other', 'en')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('AssessmentsService.report, candidateReport and csv', () => {
  let t: Setup;
  const now = Date.now();
  const invitations = [
    invitationRow({
      id: 'inv-a',
      email: 'a@x.test',
      candidateId: 'u-a',
      startedAt: new Date(now - 600_000),
      deadlineAt: new Date(now - 60_000),
    }),
    invitationRow({
      id: 'inv-b',
      email: 'b@x.test',
      candidateId: 'u-b',
      startedAt: new Date(now - 120_000),
      deadlineAt: new Date(now + 60_000),
    }),
    invitationRow({ id: 'inv-c', email: 'c@x.test' }),
    invitationRow({ id: 'inv-d', email: 'd@x.test', revokedAt: new Date() }),
  ];
  beforeEach(() => {
    t = setup();
    t.repo(InvitationEntity).find.mockResolvedValue(invitations);
    t.submissionStats.invitationStats.mockResolvedValue([
      { invitationId: 'inv-a', slug: 'softmax', passed: true, attempts: 2, bestScore: 90, bestId: 's-a' },
      { invitationId: 'inv-b', slug: 'softmax', passed: false, attempts: 1, bestScore: 40, bestId: 's-b' },
    ]);
    t.submissionStats.byIds.mockResolvedValue(
      partial([
        {
          id: 's-a',
          runs: [],
          evaluation: { accuracy: 0.91, interval: { low: 0.9, high: 0.92 } },
          closeToThreshold: true,
          paramCount: 1200,
          trainingSeconds: 30,
        },
      ]),
    );
    t.users.displayNames.mockResolvedValue(new Map([['u-a', 'Ada, "the first"']]));
    t.repo(ScorecardEntity).find.mockResolvedValue([
      {
        invitationId: 'inv-a',
        reviewerId: 'r-1',
        ratings: { overall: 4, coding: 5 },
        notes: '',
        decision: ReviewDecision.ADVANCE,
        updatedAt: new Date(),
      },
      {
        invitationId: 'inv-a',
        reviewerId: null,
        ratings: { overall: 3 },
        notes: '',
        decision: ReviewDecision.HOLD,
        updatedAt: new Date(),
      },
    ]);
    t.users.emails.mockResolvedValue(new Map([['r-1', 'rev@acme.test']]));
    t.audit.about.mockResolvedValue(
      partial([
        { subjectId: 'inv-b', details: { exerciseSlug: 'softmax' } },
        { subjectId: 'inv-b', details: { exerciseSlug: 'softmax' } },
      ]),
    );
  });

  it('ranks started candidates by total score and gives each row its state, time used and results', async () => {
    const { candidates } = await t.sut.report(manager, 'asm-1');
    const row = (id: string) => candidates.find((c) => c.invitationId === id)!;
    expect(candidates.map((c) => [c.email, c.state, c.rank, c.totalScore])).toEqual([
      ['a@x.test', 'FINISHED', 1, 90],
      ['b@x.test', 'IN_PROGRESS', 2, 40],
      ['c@x.test', 'INVITED', null, 0],
      ['d@x.test', 'REVOKED', null, 0],
    ]);
    expect(row('inv-a').timeUsedSeconds).toBe(540);
    expect(row('inv-a').displayName).toBe('Ada, "the first"');
    expect(row('inv-a').meanRating).toBe(4);
    expect(row('inv-a').scorecards.map((s) => s.reviewerEmail)).toEqual(['rev@acme.test', null]);
    expect(row('inv-a').results[0]).toMatchObject({
      passed: true,
      bestAccuracy: 0.91,
      accuracyLow: 0.9,
      closeToThreshold: true,
      paramCount: 1200,
      attempts: 2,
    });
    expect(row('inv-b').results[0]).toMatchObject({ bestAccuracy: null, practiceRefused: 2 });
    expect(row('inv-c')).toMatchObject({
      timeUsedSeconds: null,
      meanRating: null,
      results: [{ passed: false, attempts: 0 }],
    });
  });

  it('writes one CSV row per candidate and exercise, quoting cells and naming each decision', async () => {
    const csv = await t.sut.csv(manager, 'asm-1');
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]!.startsWith('email,name,state,started_at,time_used_s,total_score,rank,exercise,passed')).toBe(true);
    expect(lines[1]).toContain('a@x.test,"Ada, ""the first""",FINISHED,');
    expect(lines[1]).toContain(
      ',softmax,true,90,0.91,true,0.9,0.92,1200,30,2,0,4,rev@acme.test: ADVANCE; deleted reviewer: HOLD',
    );
    expect(csv.endsWith('\n')).toBe(true);
  });

  it("a candidate's report: their ranked row and their submissions, oldest first; NOT_FOUND for an unknown invitation", async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValueOnce(null);
    await expect(t.sut.candidateReport(manager, 'ghost')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(invitations[1]!);
    t.submissions.toViews.mockResolvedValue(partial([{ id: 's-b' }]));
    const report = await t.sut.candidateReport(manager, 'inv-b');
    expect(report.candidate).toMatchObject({ invitationId: 'inv-b', rank: 2 });
    expect(report.submissions).toEqual([{ id: 's-b' }]);
  });

  it('has no rows and asks nothing more for an assessment without invitations', async () => {
    t.repo(InvitationEntity).find.mockResolvedValue([]);
    await expect(t.sut.report(manager, 'asm-1')).resolves.toMatchObject({ candidates: [] });
    expect(t.submissionStats.invitationStats).not.toHaveBeenCalled();
  });
});

describe('AssessmentsService.review', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(invitationRow());
    t.repo(InvitationEntity).find.mockResolvedValue([invitationRow()]);
    t.em.create.mockImplementation((_e: unknown, v: object) => v);
  });

  it('says NOT_FOUND for an unknown invitation and writes nothing', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.review(manager, { invitationId: 'ghost', rating: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(t.db.transaction).not.toHaveBeenCalled();
  });

  it("merges the ratings into the reviewer's own scorecard under its lock, and audits a changed decision apart", async () => {
    t.em.findOneBy.mockResolvedValue({
      invitationId: 'inv-1',
      reviewerId: manager.id,
      ratings: { coding: 2 },
      notes: 'old',
      decision: null,
    });
    await t.sut.review(manager, {
      invitationId: 'inv-1',
      rating: 4,
      ratings: [{ criterion: ' design ', rating: 5 }],
      decision: ReviewDecision.ADVANCE,
    });
    expect(t.invitations.lockScorecard.mock.calls).toEqual([[t.em, 'inv-1', manager.id]]);
    expect(t.em.save).toHaveBeenCalledWith(ScorecardEntity, {
      invitationId: 'inv-1',
      reviewerId: manager.id,
      ratings: { coding: 2, overall: 4, design: 5 },
      notes: 'old',
      decision: ReviewDecision.ADVANCE,
    });
    expect(t.audit.record.mock.calls.map((c) => c[1])).toEqual(['assessment.reviewed', 'assessment.decided']);
    expect(t.audit.record).toHaveBeenLastCalledWith(manager.id, 'assessment.decided', 'invitation', 'inv-1', {
      decision: ReviewDecision.ADVANCE,
      previous: null,
    });
  });

  it('starts a scorecard with empty notes for a first review, and records no decision event when none is given', async () => {
    t.em.findOneBy.mockResolvedValue(null);
    await t.sut.review(manager, { invitationId: 'inv-1', notes: 'solid' });
    expect(t.em.save).toHaveBeenCalledWith(ScorecardEntity, {
      invitationId: 'inv-1',
      reviewerId: manager.id,
      notes: 'solid',
      ratings: {},
    });
    expect(t.audit.record).toHaveBeenCalledTimes(1);
    expect(t.audit.record).toHaveBeenCalledWith(manager.id, 'assessment.reviewed', 'invitation', 'inv-1', {
      ratings: {},
      notesChanged: true,
    });
  });
});

describe('AssessmentsService.similarity', () => {
  let t: Setup;
  const code = (name: string) =>
    `export default function ${name}(xs: number[]): number[] {\n  const m = Math.max(...xs);\n  const e = xs.map((x) => Math.exp(x - m));\n  const s = e.reduce((a, b) => a + b, 0);\n  return e.map((x) => x / s);\n}\n`;
  beforeEach(() => {
    t = setup();
    t.repo(InvitationEntity).find.mockResolvedValue([
      invitationRow({ id: 'inv-a', email: 'a@x.test' }),
      invitationRow({ id: 'inv-b', email: 'b@x.test' }),
    ]);
    t.exercises.versionById.mockResolvedValue(
      partial({
        referenceCode: 'export default function ref() { return 42; }\n',
        starterCode: 'export default function softmax(xs: number[]): number[] {\n  return xs;\n}\n',
        pythonReferenceCode: null,
        pythonStarterCode: null,
      }),
    );
    t.exercises.byIds.mockResolvedValue(partial([{ id: 'ex-softmax', slug: 'softmax' }]));
  });

  it('flags two candidates whose code is the same up to names, once per pair, with both sides as evidence', async () => {
    t.submissionStats.ofInvitationsForExercise.mockResolvedValue(
      partial([
        {
          id: 's-a1',
          invitationId: 'inv-a',
          language: SubmissionLanguage.TYPESCRIPT,
          code: code('softmax'),
          createdAt: new Date(1),
        },
        {
          id: 's-a2',
          invitationId: 'inv-a',
          language: SubmissionLanguage.TYPESCRIPT,
          code: code('softmax2'),
          createdAt: new Date(2),
        },
        {
          id: 's-b1',
          invitationId: 'inv-b',
          language: SubmissionLanguage.TYPESCRIPT,
          code: code('mySoftmax'),
          createdAt: new Date(3),
        },
        {
          id: 's-q',
          invitationId: 'inv-b',
          language: SubmissionLanguage.QUIZ_ANSWERS,
          code: '{}',
          createdAt: new Date(4),
        },
      ]),
    );
    const flags = await t.sut.similarity(manager, 'asm-1');
    const between = flags.filter((f) => !f.againstReference);
    expect(between).toHaveLength(1);
    expect([between[0]!.a.candidateEmail, between[0]!.b.candidateEmail].sort()).toEqual(['a@x.test', 'b@x.test']);
    expect(between[0]!.exerciseSlug).toBe('softmax');
    expect(between[0]!.score).toBeGreaterThan(0.9);
  });

  it('reports nothing when no candidate submitted code', async () => {
    t.submissionStats.ofInvitationsForExercise.mockResolvedValue([]);
    await expect(t.sut.similarity(manager, 'asm-1')).resolves.toEqual([]);
  });
});
