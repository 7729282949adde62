/**
 * Issue 10, hiring manager: the dashboard's status and counts, the exercise bank a new
 * assessment is picked from, and what a manager does to one invitation — revoke it, give more
 * time. The API in-process on a real database; no worker (nothing here is graded).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Role } from '../src/access/role.enum.js';
import { InvitationEntity } from '../src/assessments/assessment.entity.js';
import { ExerciseType } from '../src/exercises/exercise.types.js';
import { createOrganisation } from './factories/assessment.factory.js';
import { createExercise } from './factories/exercise.factory.js';
import { SUBMIT } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const CREATE = `mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id status invitationCounts { invited started finished revoked } } }`;
const INVITE = `mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { id token } }`;
const START = `mutation($t: String!) { startAssessment(token: $t) { invitationId deadlineAt } }`;
const REVOKE = `mutation($id: ID!) { revokeInvitation(invitationId: $id) { invitationId state revokedAt deadlineAt invitedAt } }`;
const EXTEND = `mutation($i: ExtendInvitationInput!) { extendInvitation(input: $i) { invitationId state deadlineAt } }`;
const LIST = `{ assessments { id title status invitationCounts { invited started finished revoked } } }`;
const BANK = `query($l: String) { exerciseBank(locale: $l) { slug title type difficulty trackSlug trackTitle version assessmentExposures assessmentOnly } }`;

describe('hiring manager: dashboard, exercise bank, revoke and extend', () => {
  let api: TestApi;
  let db: DataSource;
  let manager: { token: string };
  let otherManager: { token: string };
  let slug: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    const m = await signedInUser(api, Role.HIRING_MANAGER);
    const o = await signedInUser(api, Role.HIRING_MANAGER);
    await createOrganisation(db, { members: [m.user] });
    await createOrganisation(db, { members: [o.user] });
    manager = m;
    otherManager = o;
    slug = (await createExercise(db, { type: ExerciseType.CODING, version: { difficulty: 3 } })).exercise.slug;
  }, 120_000);
  afterAll(() => api?.close());

  const ok = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const res = await api.gql<T>(query, variables, token);
    if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const newAssessment = async (extra: Record<string, unknown> = {}) =>
    (
      await ok<{ createAssessment: { id: string; status: string } }>(
        CREATE,
        { i: { title: 'Round one', exerciseSlugs: [slug], timeLimitMinutes: 30, ...extra } },
        manager.token,
      )
    ).createAssessment;
  const invite = async (assessmentId: string, email: string) =>
    (
      await ok<{ inviteCandidate: { id: string; token: string } }>(
        INVITE,
        { i: { assessmentId, email } },
        manager.token,
      )
    ).inviteCandidate;

  it('lists the exercise bank with type, difficulty and exposures, counting each new assessment', async () => {
    const before = (
      await ok<{ exerciseBank: { slug: string; title: string; assessmentExposures: number }[] }>(
        BANK,
        {},
        manager.token,
      )
    ).exerciseBank;
    const mine = before.find((e) => e.slug === slug)!;
    expect(mine).toMatchObject({ type: 'CODING', difficulty: 3, version: 1, assessmentOnly: false });
    // The repository's exercises are there too (synced at start), in both languages.
    expect(before.find((e) => e.slug === 'stable-softmax')).toMatchObject({ type: 'CODING' });
    const zh = (await ok<{ exerciseBank: { slug: string; title: string }[] }>(BANK, { l: 'zh-CN' }, manager.token))
      .exerciseBank;
    expect(zh.find((e) => e.slug === 'stable-softmax')!.title).not.toEqual(
      before.find((e) => e.slug === 'stable-softmax')!.title,
    );
    await newAssessment();
    const after = (await ok<{ exerciseBank: { slug: string; assessmentExposures: number }[] }>(BANK, {}, manager.token))
      .exerciseBank;
    expect(after.find((e) => e.slug === slug)!.assessmentExposures).toBe(mine.assessmentExposures + 1);
  });

  it('refuses the exercise bank to a candidate', async () => {
    const candidate = await signedInUser(api, Role.CANDIDATE);
    const res = await api.gql(BANK, {}, candidate.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("shows each assessment's status and invitation counts on the dashboard", async () => {
    const soon = new Date(Date.now() + 3600_000);
    const scheduled = await newAssessment({
      opensAt: soon.toISOString(),
      closesAt: new Date(soon.getTime() + 86400_000),
    });
    expect(scheduled.status).toBe('SCHEDULED');
    const open = await newAssessment();
    const candidate = await signedInUser(api, Role.CANDIDATE);
    const inv = await invite(open.id, candidate.email);
    await invite(open.id, 'someone-else@example.com');
    await ok(START, { t: inv.token }, candidate.token);
    const list = (
      await ok<{ assessments: { id: string; status: string; invitationCounts: object }[] }>(LIST, {}, manager.token)
    ).assessments;
    expect(list.find((a) => a.id === open.id)).toMatchObject({
      status: 'OPEN',
      invitationCounts: { invited: 2, started: 1, finished: 0, revoked: 0 },
    });
    expect(list.find((a) => a.id === scheduled.id)).toMatchObject({
      status: 'SCHEDULED',
      invitationCounts: { invited: 0, started: 0, finished: 0, revoked: 0 },
    });
    // Another organisation's manager sees none of them.
    const theirs = (await ok<{ assessments: { id: string }[] }>(LIST, {}, otherManager.token)).assessments;
    expect(theirs.map((a) => a.id)).not.toContain(open.id);
  });

  it('revokes an unopened invitation: the link stops working until the address is invited again', async () => {
    const a = await newAssessment();
    const candidate = await signedInUser(api, Role.CANDIDATE);
    const inv = await invite(a.id, candidate.email);
    const revoked = (
      await ok<{ revokeInvitation: { state: string; revokedAt: string } }>(REVOKE, { id: inv.id }, manager.token)
    ).revokeInvitation;
    expect(revoked.state).toBe('REVOKED');
    expect(revoked.revokedAt).toBeTruthy();
    const refused = await api.gql(START, { t: inv.token }, candidate.token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'token' });
    expect(refused.errors?.[0]?.message).toMatch(/revoked/);
    const again = await api.gql(REVOKE, { id: inv.id }, manager.token);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'invitationId' });
    // Resend: a fresh link, the revocation lifted, the old link still dead.
    const resent = await invite(a.id, candidate.email);
    expect(resent.id).toBe(inv.id);
    expect((await api.gql(START, { t: inv.token }, candidate.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await ok(START, { t: resent.token }, candidate.token);
    const row = await db.getRepository(InvitationEntity).findOneByOrFail({ id: inv.id });
    expect(row.revokedAt).toBeNull();
    expect(row.startedAt).not.toBeNull();
  });

  it('revoking an attempt under way ends it now: later submissions are refused', async () => {
    const a = await newAssessment();
    const candidate = await signedInUser(api, Role.CANDIDATE);
    const inv = await invite(a.id, candidate.email);
    await ok(START, { t: inv.token }, candidate.token);
    const before = Date.now();
    const revoked = (await ok<{ revokeInvitation: { deadlineAt: string } }>(REVOKE, { id: inv.id }, manager.token))
      .revokeInvitation;
    expect(new Date(revoked.deadlineAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(revoked.deadlineAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const submit = await api.gql(
      SUBMIT,
      { input: { exerciseSlug: slug, language: 'TYPESCRIPT', code: 'export default () => 1', assessmentId: a.id } },
      candidate.token,
    );
    expect(submit.errors?.[0]?.extensions?.code).toBe('EXERCISE_CLOSED');
    // Extending a revoked attempt is refused rather than silently reopening it.
    const ext = await api.gql(EXTEND, { i: { invitationId: inv.id, minutes: 10 } }, manager.token);
    expect(ext.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'invitationId' });
  });

  it("extends one candidate's deadline, from now when it has passed", async () => {
    const a = await newAssessment();
    const candidate = await signedInUser(api, Role.CANDIDATE);
    const inv = await invite(a.id, candidate.email);
    const notYet = await api.gql(EXTEND, { i: { invitationId: inv.id, minutes: 10 } }, manager.token);
    expect(notYet.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'invitationId' });
    const started = (await ok<{ startAssessment: { deadlineAt: string } }>(START, { t: inv.token }, candidate.token))
      .startAssessment;
    const extended = (
      await ok<{ extendInvitation: { deadlineAt: string; state: string } }>(
        EXTEND,
        { i: { invitationId: inv.id, minutes: 15 } },
        manager.token,
      )
    ).extendInvitation;
    expect(new Date(extended.deadlineAt).getTime() - new Date(started.deadlineAt).getTime()).toBe(15 * 60_000);
    // An attempt whose time ran out gets the minutes from now, and is in progress again.
    await db.getRepository(InvitationEntity).update({ id: inv.id }, { deadlineAt: new Date(Date.now() - 60_000) });
    const reopened = (
      await ok<{ extendInvitation: { deadlineAt: string; state: string } }>(
        EXTEND,
        { i: { invitationId: inv.id, minutes: 5 } },
        manager.token,
      )
    ).extendInvitation;
    expect(reopened.state).toBe('IN_PROGRESS');
    const left = new Date(reopened.deadlineAt).getTime() - Date.now();
    expect(left).toBeGreaterThan(4 * 60_000);
    expect(left).toBeLessThanOrEqual(5 * 60_000);
    const audit = await db.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY created_at`, [inv.id]);
    expect((audit as { action: string }[]).filter((e) => e.action === 'assessment.time_extended')).toHaveLength(2);
  });

  it("refuses bad minutes naming the field, and another organisation's manager", async () => {
    const a = await newAssessment();
    const inv = await invite(a.id, 'whoever@example.com');
    for (const minutes of [0, 1441]) {
      const res = await api.gql(EXTEND, { i: { invitationId: inv.id, minutes } }, manager.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minutes' });
    }
    const theirs = await api.gql(REVOKE, { id: inv.id }, otherManager.token);
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const row = await db.getRepository(InvitationEntity).findOneByOrFail({ id: inv.id });
    expect(row.revokedAt).toBeNull();
  });

  it("lists the practice refused during an attempt in the candidate's report, with its time", async () => {
    const a = await newAssessment();
    const candidate = await signedInUser(api, Role.CANDIDATE);
    const inv = await invite(a.id, candidate.email);
    await ok(START, { t: inv.token }, candidate.token);
    const practice = await api.gql(
      SUBMIT,
      { input: { exerciseSlug: slug, language: 'TYPESCRIPT', code: 'export default () => 1' } },
      candidate.token,
    );
    expect(practice.errors?.[0]?.extensions?.code).toBe('ASSESSMENT_IN_PROGRESS');
    const report = (
      await ok<{ candidateReport: { practiceRefusals: { exerciseSlug: string; at: string }[] } }>(
        `query($id: ID!) { candidateReport(invitationId: $id) { practiceRefusals { exerciseSlug at } } }`,
        { id: inv.id },
        manager.token,
      )
    ).candidateReport;
    expect(report.practiceRefusals).toHaveLength(1);
    expect(report.practiceRefusals[0]!.exerciseSlug).toBe(slug);
    expect(Date.now() - new Date(report.practiceRefusals[0]!.at).getTime()).toBeLessThan(60_000);
  });
});
