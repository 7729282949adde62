import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Role } from '../src/access/role.enum.js';
import { UsersService } from '../src/users/users.service.js';
import { smallDenseModel, SUBMIT, FINAL_STATUSES } from './factories/submission.factory.js';
import { LOGIN, markEmailVerified, REGISTER, userInput } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { contentWithTinyExercise, TINY_EXERCISE } from './support/test-content.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

describe('hiring managers: organisations, timed assessments, invitations, review (real worker)', () => {
  let api: TestApi;
  let content: ReturnType<typeof contentWithTinyExercise>;
  let worker: WorkerProcess;
  let db: pg.Client;
  let admin: string;
  let managerA: string;
  let managerB: string;
  let candidate: string;
  let candidateEmail: string;
  let assessmentId: string;
  let inviteToken: string;
  let invitationId: string;
  let submissionId: string;

  const account = async (role?: Role) => {
    const input = userInput();
    if (role) await api.app.get(UsersService).create({ ...input, role });
    else {
      await api.gql(REGISTER, { input });
      await markEmailVerified(api, input.email);
    }
    const login = await api.gql<{ login: { token: string } }>(LOGIN, {
      input: { email: input.email, password: input.password },
    });
    return { token: login.data!.login.token, email: input.email };
  };

  beforeAll(async () => {
    content = contentWithTinyExercise();
    api = await startTestApi({ CONTENT_DIR: content.dir });
    db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    worker = await startTestWorker(api, {
      CONTENT_DIR: content.dir,
      SWEEP_INTERVAL_SECONDS: '2',
    });

    admin = (await account(Role.ADMIN)).token;
    const a = await account();
    const b = await account();
    const orgA = await api.gql<{ createOrganisation: { id: string } }>(
      'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
      { i: { name: 'Org A' } },
      admin,
    );
    const orgB = await api.gql<{ createOrganisation: { id: string } }>(
      'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
      { i: { name: 'Org B' } },
      admin,
    );
    const add = 'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { role } }';
    const addedA = await api.gql<{ addOrganisationMember: { role: string } }>(
      add,
      { i: { organisationId: orgA.data!.createOrganisation.id, email: a.email } },
      admin,
    );
    expect(addedA.data!.addOrganisationMember.role).toBe('HIRING_MANAGER');
    await api.gql(add, { i: { organisationId: orgB.data!.createOrganisation.id, email: b.email } }, admin);
    managerA = a.token; // the role is read from the database, so the token issued earlier works
    managerB = b.token;
    ({ token: candidate, email: candidateEmail } = await account());
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await db?.end();
    await api?.close();
    content?.remove();
  });

  it('lets a manager build an assessment pinned to published versions and invite a candidate with a single-use link', async () => {
    const created = await api.gql<{ createAssessment: { id: string; exercises: { slug: string; version: number }[] } }>(
      'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id title timeLimitMinutes exercises { slug version } } }',
      { i: { title: 'ML engineer screen', exerciseSlugs: [TINY_EXERCISE], timeLimitMinutes: 60 } },
      managerA,
    );
    expect(created.errors).toBeUndefined();
    assessmentId = created.data!.createAssessment.id;
    expect(created.data!.createAssessment.exercises).toEqual([{ slug: TINY_EXERCISE, version: 1 }]);
    const exposures = await db.query('SELECT assessment_exposures FROM exercises WHERE slug = $1', [TINY_EXERCISE]);
    expect(exposures.rows[0].assessment_exposures).toBe(1);

    const invited = await api.gql<{ inviteCandidate: { id: string; token: string; link: string } }>(
      'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { id email token link } }',
      { i: { assessmentId, email: candidateEmail } },
      managerA,
    );
    expect(invited.errors).toBeUndefined();
    inviteToken = invited.data!.inviteCandidate.token;
    invitationId = invited.data!.inviteCandidate.id;
    expect(invited.data!.inviteCandidate.link).toContain(inviteToken);
    const stored = await db.query('SELECT token_hash FROM invitations WHERE id = $1', [invitationId]);
    expect(stored.rows[0].token_hash).not.toContain(inviteToken); // only a hash is kept
  });

  it('refuses an assessment submission before the invitation is opened', async () => {
    const res = await api.gql(
      SUBMIT,
      { input: { exerciseSlug: TINY_EXERCISE, language: 'JAVASCRIPT', code: smallDenseModel(1), assessmentId } },
      candidate,
    );
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('starts the timed attempt when the candidate opens the link; the link is single-use', async () => {
    const start =
      'mutation($t: String!) { startAssessment(token: $t) { invitationId deadlineAt startedAt exercises { slug } } }';
    const opened = await api.gql<{ startAssessment: { deadlineAt: string; startedAt: string } }>(
      start,
      { t: inviteToken },
      candidate,
    );
    expect(opened.errors).toBeUndefined();
    const { startedAt, deadlineAt } = opened.data!.startAssessment;
    expect(new Date(deadlineAt).getTime() - new Date(startedAt).getTime()).toBe(60 * 60_000);
    const again = await api.gql<{ startAssessment: { deadlineAt: string } }>(start, { t: inviteToken }, candidate);
    expect(again.data!.startAssessment.deadlineAt).toBe(deadlineAt);
    const intruder = (await account()).token;
    const stolen = await api.gql(start, { t: inviteToken }, intruder);
    expect(stolen.errors![0]!.extensions!.code).toBe('FORBIDDEN'); // bound to the invited address
  });

  it('grades a submission made within the time limit, pinned to the assessment', async () => {
    const res = await api.gql<{ submitSolution: { id: string } }>(
      SUBMIT,
      { input: { exerciseSlug: TINY_EXERCISE, language: 'JAVASCRIPT', code: smallDenseModel(2), assessmentId } },
      candidate,
    );
    expect(res.errors).toBeUndefined();
    submissionId = res.data!.submitSolution.id;
    const until = Date.now() + 120_000;
    let status = 'QUEUED';
    while (!FINAL_STATUSES.includes(status) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await db.query('SELECT status FROM submissions WHERE id = $1', [submissionId])).rows[0].status;
    }
    const row = await db.query('SELECT invitation_id, reason FROM submissions WHERE id = $1', [submissionId]);
    if (status === 'ERROR') process.stderr.write(`WORKER OUTPUT\n${worker.output.slice(-6000)}\n`);
    // The reason in the failure message says why, when it did not grade.
    expect({ status, reason: ['PASSED', 'FAILED'].includes(status) ? 'graded' : row.rows[0].reason }).toEqual({
      status: expect.stringMatching(/^(PASSED|FAILED)$/),
      reason: 'graded',
    });
    expect(row.rows[0].invitation_id).toBe(invitationId);
  }, 150_000);

  it('refuses a submission after the time is up, with a clear error', async () => {
    await db.query(`UPDATE invitations SET deadline_at = now() - interval '1 second' WHERE id = $1`, [invitationId]);
    const late = await api.gql(
      SUBMIT,
      { input: { exerciseSlug: TINY_EXERCISE, language: 'JAVASCRIPT', code: smallDenseModel(1), assessmentId } },
      candidate,
    );
    expect(late.errors![0]!.extensions!.code).toBe('EXERCISE_CLOSED');
    expect(late.errors![0]!.message).toMatch(/Time is up/);
    const count = await db.query('SELECT count(*)::int AS n FROM submissions WHERE invitation_id = $1', [invitationId]);
    expect(count.rows[0].n).toBe(1);
  });

  it("shows the manager the scored submission in the comparison table, the candidate's report with curves and grade, and a CSV", async () => {
    const report = await api.gql<{ assessmentReport: { candidates: any[] } }>(
      `query($id: ID!) { assessmentReport(assessmentId: $id) { assessment { title } candidates { invitationId email state timeUsedSeconds
         results { exerciseSlug passed bestAccuracy accuracyLow accuracyHigh paramCount trainingSeconds attempts } } } }`,
      { id: assessmentId },
      managerA,
    );
    expect(report.errors).toBeUndefined();
    const [row] = report.data!.assessmentReport.candidates;
    expect(row.state).toBe('FINISHED');
    expect(row.results[0].attempts).toBe(1);
    expect(row.results[0].bestAccuracy).toBeGreaterThan(0);
    expect(row.results[0].accuracyLow).toBeLessThan(row.results[0].bestAccuracy);
    expect(row.results[0].paramCount).toBe(3072 * 32 + 32 + 32 * 10 + 10);

    const detail = await api.gql<{ candidateReport: { submissions: any[] } }>(
      'query($id: ID!) { candidateReport(invitationId: $id) { candidate { email } submissions { id code status epochs { epoch loss accuracy valAccuracy } grade { passed summary feedback } } } }',
      { id: invitationId },
      managerA,
    );
    expect(detail.errors).toBeUndefined();
    const [sub] = detail.data!.candidateReport.submissions;
    expect(sub.id).toBe(submissionId);
    expect(sub.code).toContain('build');
    expect(sub.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2]);
    expect(sub.grade.summary).toMatch(/%/);

    const reviewed = await api.gql<{ reviewCandidate: { meanRating: number; scorecards: any[] } }>(
      'mutation($i: ReviewCandidateInput!) { reviewCandidate(input: $i) { meanRating scorecards { notes decision ratings { criterion rating } } } }',
      { i: { invitationId, rating: 4, notes: 'Solid baseline, "quick" to iterate', decision: 'ADVANCE' } },
      managerA,
    );
    expect(reviewed.data!.reviewCandidate).toEqual({
      meanRating: 4,
      scorecards: [
        {
          notes: 'Solid baseline, "quick" to iterate',
          decision: 'ADVANCE',
          ratings: [{ criterion: 'overall', rating: 4 }],
        },
      ],
    });
    const csv = await api.gql<{ assessmentCsv: string }>(
      'query($id: ID!) { assessmentCsv(assessmentId: $id) }',
      { id: assessmentId },
      managerA,
    );
    const lines = csv.data!.assessmentCsv.trim().split('\n');
    expect(lines[0]).toMatch(/^email,name,state/);
    expect(lines[1]).toContain(candidateEmail);
    expect(lines[1]).toMatch(/,4,[^,]+: ADVANCE$/); // mean rating, then each reviewer's decision
  });

  it('shows a manager of another organisation none of it', async () => {
    const list = await api.gql<{ assessments: unknown[] }>('{ assessments { id } }', undefined, managerB);
    expect(list.data!.assessments).toEqual([]);
    const report = await api.gql(
      'query($id: ID!) { assessmentReport(assessmentId: $id) { candidates { email } } }',
      { id: assessmentId },
      managerB,
    );
    expect(report.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(report.data ?? null).toBeNull();
    const detail = await api.gql(
      'query($id: ID!) { candidateReport(invitationId: $id) { submissions { code } } }',
      { id: invitationId },
      managerB,
    );
    expect(detail.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const csv = await api.gql('query($id: ID!) { assessmentCsv(assessmentId: $id) }', { id: assessmentId }, managerB);
    expect(csv.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const invite = await api.gql(
      'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { token } }',
      { i: { assessmentId, email: 'x@example.com' } },
      managerB,
    );
    expect(invite.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const asCandidate = await api.gql(
      'query($id: ID!) { assessmentReport(assessmentId: $id) { candidates { email } } }',
      { id: assessmentId },
      candidate,
    );
    expect(asCandidate.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it("flags a planted copy (renamed, reformatted) of another candidate's submission for the manager, with evidence", async () => {
    // The first candidate's attempt is over (previous test); open the window again for the copier.
    const { token: copier, email: copierEmail } = await account();
    const invited = await api.gql<{ inviteCandidate: { token: string } }>(
      'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { token } }',
      { i: { assessmentId, email: copierEmail } },
      managerA,
    );
    await api.gql(
      'mutation($t: String!) { startAssessment(token: $t) { deadlineAt } }',
      { t: invited.data!.inviteCandidate.token },
      copier,
    );
    const copy = smallDenseModel(2)
      .replace(/model/g, 'net')
      .replace(/task/g, 'spec')
      .replace(/\n {2}/g, '\n      ')
      .replace(/'/g, '"');
    const res = await api.gql(
      SUBMIT,
      { input: { exerciseSlug: TINY_EXERCISE, language: 'JAVASCRIPT', code: `// my own work\n${copy}`, assessmentId } },
      copier,
    );
    expect(res.errors).toBeUndefined();

    const flags = await api.gql<{
      assessmentSimilarity: {
        reasons: string[];
        score: number;
        a: { candidateEmail: string; lines: string[] };
        b: { candidateEmail: string | null };
        summary: string;
      }[];
    }>(
      'query($id: ID!) { assessmentSimilarity(assessmentId: $id) { exerciseSlug reasons score againstReference summary a { submissionId candidateEmail lines } b { submissionId candidateEmail lines } } }',
      { id: assessmentId },
      managerA,
    );
    expect(flags.errors).toBeUndefined();
    const between = flags.data!.assessmentSimilarity.filter((f) => f.b.candidateEmail !== null);
    expect(between).toHaveLength(1);
    expect([between[0]!.a.candidateEmail, between[0]!.b.candidateEmail].sort()).toEqual(
      [copierEmail, candidateEmail].sort(),
    );
    expect(between[0]!.reasons).toContain('CODE');
    expect(between[0]!.a.lines.length).toBeGreaterThan(0);
    expect(between[0]!.summary).toMatch(/not a verdict/);
    // The guide CNN reference is an independent solution: not flagged against these dense models.
    expect(flags.data!.assessmentSimilarity.filter((f) => f.b.candidateEmail === null)).toHaveLength(0);
    const denied = await api.gql(
      'query($id: ID!) { assessmentSimilarity(assessmentId: $id) { score } }',
      { id: assessmentId },
      managerB,
    );
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  }, 60_000);

  it('keeps an assessment-only exercise out of practice', async () => {
    const SET =
      'mutation($s: String!, $v: Boolean!) { setExerciseAssessmentOnly(slug: $s, assessmentOnly: $v) { assessmentOnly assessmentExposures } }';
    const listed = async () =>
      (
        await api.gql<{ track: { exercises: { slug: string }[] } }>(
          '{ track(slug: "computer-vision") { exercises { slug } } }',
        )
      ).data!.track.exercises.map((e) => e.slug);
    expect(await listed()).toContain('cifar10-cnn');
    const denied = await api.gql(SET, { s: TINY_EXERCISE, v: true }, candidate);
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const marked = await api.gql<{
      setExerciseAssessmentOnly: { assessmentOnly: boolean; assessmentExposures: number };
    }>(SET, { s: TINY_EXERCISE, v: true }, admin);
    expect(marked.data!.setExerciseAssessmentOnly).toEqual({ assessmentOnly: true, assessmentExposures: 1 });
    await api.gql(SET, { s: 'cifar10-cnn', v: true }, admin);
    expect(await listed()).not.toContain('cifar10-cnn');

    const open = await api.gql('query($s: String!) { exercise(slug: $s) { slug } }', { s: TINY_EXERCISE });
    expect(open.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const practice = await api.gql(
      SUBMIT,
      { input: { exerciseSlug: TINY_EXERCISE, language: 'JAVASCRIPT', code: smallDenseModel(1) } },
      candidate,
    );
    expect(practice.errors![0]!.extensions!.code).toBe('NOT_FOUND');

    await api.gql(SET, { s: TINY_EXERCISE, v: false }, admin);
    await api.gql(SET, { s: 'cifar10-cnn', v: false }, admin);
    expect(await listed()).toContain('cifar10-cnn');
  });

  it('lets admins read the audit log of role-sensitive actions', async () => {
    const res = await api.gql<{ auditEvents: { action: string; actorEmail: string | null }[] }>(
      '{ auditEvents(limit: 50) { action actorEmail subjectType createdAt } }',
      undefined,
      admin,
    );
    expect(res.errors).toBeUndefined();
    const actions = res.data!.auditEvents.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'organisation.created',
        'user.role_changed',
        'assessment.created',
        'assessment.invited',
        'assessment.reviewed',
      ]),
    );
    const denied = await api.gql('{ auditEvents { action } }', undefined, managerA);
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
