import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { syncContent } from '../src/content/content-sync.js';
import { catalogueCaughtUp } from './support/catalogue.js';
import { Role } from '../src/access/role.enum.js';
import { UsersService } from '../src/users/users.service.js';
import { SUBMIT, FINAL_STATUSES } from './factories/submission.factory.js';
import { LOGIN, markEmailVerified, REGISTER, userInput } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

/**
 * Issue 10's reproductions, replayed against the real stack (PostgreSQL, Redis, a real worker
 * grading coding exercises in the sandbox): a hiring manager's assessment with a coding
 * exercise and a quiz, taken by invited candidates.
 */

const CODING = 'stable-softmax';
const QUIZ = 'overfitting-check';
const INVITE = 'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { id email token link } }';
const START =
  'mutation($t: String!) { startAssessment(token: $t) { invitationId deadlineAt exercises { slug version } } }';

const softmaxReference = () => readFileSync(path.resolve(`exercises/${CODING}/reference.ts`), 'utf8');
/** Right for ordinary logits, wrong (overflow to NaN) for large ones: passes only some tests. */
const naiveSoftmax = `export default function softmax(logits: number[]): number[] {
  const exps = logits.map((x) => Math.exp(x));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}`;

describe('hiring-manager flows (issue 10), real worker', () => {
  let api: TestApi;
  let db: pg.Client;
  let worker: WorkerProcess;
  let contentDir: string;
  let admin: string;
  let manager: string;
  let assessmentId: string;

  const account = async (role?: Role, overrides: { email?: string } = {}) => {
    const input = userInput(overrides);
    if (role) await api.app.get(UsersService).create({ ...input, role });
    else {
      await api.gql(REGISTER, { input });
      await markEmailVerified(api, input.email);
    }
    const login = await api.gql<{ login: { token: string; user: { id: string } } }>(LOGIN, {
      input: { email: input.email, password: input.password },
    });
    return { token: login.data!.login.token, email: input.email.toLowerCase(), id: login.data!.login.user.id };
  };
  const invite = async (email: string) => {
    const res = await api.gql<{ inviteCandidate: { id: string; token: string; link: string } }>(
      INVITE,
      { i: { assessmentId, email } },
      manager,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.inviteCandidate;
  };
  const waitFinal = async (id: string) => {
    const until = Date.now() + 60_000;
    for (;;) {
      const { rows } = await db.query('SELECT status FROM submissions WHERE id = $1', [id]);
      if (FINAL_STATUSES.includes(rows[0].status) || Date.now() > until) return rows[0].status as string;
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const submit = async (token: string, code: string, withAssessment = true) => {
    const res = await api.gql<{ submitSolution: { id: string } }>(
      SUBMIT,
      {
        input: {
          exerciseSlug: CODING,
          language: 'TYPESCRIPT',
          code,
          ...(withAssessment && { assessmentId }),
        },
      },
      token,
    );
    return res;
  };

  beforeAll(async () => {
    contentDir = mkdtempSync(path.join(os.tmpdir(), 'dojo-flows-'));
    cpSync(path.resolve('exercises'), contentDir, { recursive: true });
    api = await startTestApi({ CONTENT_DIR: contentDir });
    db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    worker = await startTestWorker(api, {
      CONTENT_DIR: contentDir,
      SWEEP_INTERVAL_SECONDS: '2',
    });
    admin = (await account(Role.ADMIN)).token;
    const m = await account();
    const org = await api.gql<{ createOrganisation: { id: string } }>(
      'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
      { i: { name: 'Flows Inc' } },
      admin,
    );
    await api.gql(
      'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { role } }',
      { i: { organisationId: org.data!.createOrganisation.id, email: m.email } },
      admin,
    );
    manager = m.token;
    const created = await api.gql<{ createAssessment: { id: string } }>(
      'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
      { i: { title: 'Numerics screen', exerciseSlugs: [CODING, QUIZ], timeLimitMinutes: 60 } },
      manager,
    );
    expect(created.errors).toBeUndefined();
    assessmentId = created.data!.createAssessment.id;
  }, 300_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await db?.end();
    await api?.close();
    rmSync(contentDir, { recursive: true, force: true });
  });

  describe('an invitation is bound to the invited address', () => {
    it('refuses another account with FORBIDDEN naming the invitation, leaves it untouched, and the invited candidate (any letter case) starts it', async () => {
      const alice = await account();
      const invitation = await invite(alice.email.toUpperCase());
      const intruder = await account();
      const stolen = await api.gql(START, { t: invitation.token }, intruder.token);
      expect(stolen.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(stolen.errors![0]!.message).toContain(invitation.id);
      const untouched = await db.query('SELECT candidate_id, started_at FROM invitations WHERE id = $1', [
        invitation.id,
      ]);
      expect(untouched.rows[0]).toEqual({ candidate_id: null, started_at: null });

      const opened = await api.gql<{ startAssessment: { invitationId: string } }>(
        START,
        { t: invitation.token },
        alice.token,
      );
      expect(opened.errors).toBeUndefined();
      expect(opened.data!.startAssessment.invitationId).toBe(invitation.id);
      const report = await api.gql<{ assessmentReport: { candidates: { email: string; displayName: string }[] } }>(
        'query($id: ID!) { assessmentReport(assessmentId: $id) { candidates { email displayName } } }',
        { id: assessmentId },
        manager,
      );
      const row = report.data!.assessmentReport.candidates.find((c) => c.email === alice.email)!;
      expect(row.displayName).toMatch(/^Candidate/);
    });

    it('lets the manager invite the same address again: a fresh link, the old one no longer works; a started attempt stays', async () => {
      const bob = await account();
      const first = await invite(bob.email);
      const second = await invite(bob.email);
      expect(second.id).toBe(first.id);
      expect(second.token).not.toBe(first.token);
      const old = await api.gql(START, { t: first.token }, bob.token);
      expect(old.errors![0]!.extensions!.code).toBe('NOT_FOUND');
      expect((await api.gql(START, { t: second.token }, bob.token)).errors).toBeUndefined();
      const again = await api.gql(INVITE, { i: { assessmentId, email: bob.email } }, manager);
      expect(again.errors![0]!.extensions!.code).toBe('CONFLICT');
      expect(again.errors![0]!.message).toMatch(/already started/);
    });
  });

  it('serves the invitation link (no 404), keeping the token out of caches and referrers', async () => {
    const { link } = await invite((await account()).email);
    expect(link).toMatch(/^\/assessments\/start\?token=[\w-]+$/);
    const page = await api.http().get(link);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toMatch(/startAssessment|<div id="root">/);
  });

  describe('a candidate inside the attempt', () => {
    let carol: { token: string; email: string; id: string };
    let carolInvitation: string;
    const EXERCISE_IN =
      'query($a: ID!, $s: String!) { assessmentExercise(assessmentId: $a, slug: $s) { slug version statement questions { id } } }';
    const QUIZ_ANSWER =
      'mutation($s: String!, $a: String!, $id: ID) { answerQuiz(exerciseSlug: $s, answers: $a, assessmentId: $id) { id status exerciseVersion grade { score } } }';
    const row = async () => {
      const report = await api.gql<{ assessmentReport: { candidates: any[] } }>(
        `query($id: ID!) { assessmentReport(assessmentId: $id) { candidates { invitationId
           results { exerciseSlug attempts practiceRefused } } } }`,
        { id: assessmentId },
        manager,
      );
      expect(report.errors).toBeUndefined();
      return report.data!.assessmentReport.candidates.find((c) => c.invitationId === carolInvitation);
    };

    beforeAll(async () => {
      carol = await account();
      const invitation = await invite(carol.email);
      carolInvitation = invitation.id;
      expect((await api.gql(START, { t: invitation.token }, carol.token)).errors).toBeUndefined();
    });

    it('answers a quiz of the assessment within the attempt, and the report counts it', async () => {
      const res = await api.gql<{ answerQuiz: { id: string; status: string } }>(
        QUIZ_ANSWER,
        { s: QUIZ, a: JSON.stringify({ 'diverging-curves': 'b' }), id: assessmentId },
        carol.token,
      );
      expect(res.errors).toBeUndefined();
      const stored = await db.query('SELECT invitation_id FROM submissions WHERE id = $1', [res.data!.answerQuiz.id]);
      expect(stored.rows[0].invitation_id).toBe(carolInvitation);
      const quiz = (await row()).results.find((r: { exerciseSlug: string }) => r.exerciseSlug === QUIZ);
      expect(quiz.attempts).toBe(1);
    });

    it('reads an assessment-only exercise through the assessment while practice still cannot see it', async () => {
      const SET =
        'mutation($s: String!, $v: Boolean!) { setExerciseAssessmentOnly(slug: $s, assessmentOnly: $v) { assessmentOnly } }';
      expect((await api.gql(SET, { s: CODING, v: true }, admin)).errors).toBeUndefined();
      try {
        const open = await api.gql('query($s: String!) { exercise(slug: $s) { slug } }', { s: CODING }, carol.token);
        expect(open.errors![0]!.extensions!.code).toBe('NOT_FOUND');
        const inside = await api.gql<{ assessmentExercise: { slug: string } }>(
          EXERCISE_IN,
          { a: assessmentId, s: CODING },
          carol.token,
        );
        expect(inside.errors).toBeUndefined();
        expect(inside.data!.assessmentExercise.slug).toBe(CODING);
        const outsider = await api.gql(EXERCISE_IN, { a: assessmentId, s: CODING }, (await account()).token);
        expect(outsider.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      } finally {
        await api.gql(SET, { s: CODING, v: false }, admin);
      }
    });

    it('shows the candidate the statement of the version the assessment pinned, not the newest one', async () => {
      const file = path.join(contentDir, CODING, 'statement.en.md');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n\nVERSION TWO: also handle NaN inputs.\n`);
      const sync = await syncContent(api.app.get(DataSource), contentDir);
      expect(sync.versionsCreated).toBe(1);
      await catalogueCaughtUp(api);
      const newest = await api.gql<{ exercise: { version: number; statement: string } }>(
        'query($s: String!) { exercise(slug: $s) { version statement } }',
        { s: CODING },
      );
      expect(newest.data!.exercise.version).toBe(2);
      expect(newest.data!.exercise.statement).toContain('VERSION TWO');
      const inside = await api.gql<{ assessmentExercise: { version: number; statement: string } }>(
        EXERCISE_IN,
        { a: assessmentId, s: CODING },
        carol.token,
      );
      expect(inside.data!.assessmentExercise.version).toBe(1);
      expect(inside.data!.assessmentExercise.statement).not.toContain('VERSION TWO');
    });

    it('refuses practice with feedback on an exercise of the open assessment (ASSESSMENT_IN_PROGRESS) and shows the manager', async () => {
      const practice = await submit(carol.token, softmaxReference(), false);
      expect(practice.errors![0]!.extensions!.code).toBe('ASSESSMENT_IN_PROGRESS');
      expect(practice.errors![0]!.extensions!.field).toBe('exerciseSlug');
      const quizPractice = await api.gql(
        QUIZ_ANSWER,
        { s: QUIZ, a: JSON.stringify({ 'diverging-curves': 'b' }) },
        carol.token,
      );
      expect(quizPractice.errors![0]!.extensions!.code).toBe('ASSESSMENT_IN_PROGRESS');
      const practised = await db.query(
        'SELECT count(*)::int AS n FROM submissions WHERE user_id = $1 AND invitation_id IS NULL',
        [carol.id],
      );
      expect(practised.rows[0].n).toBe(0);
      const results = (await row()).results as { exerciseSlug: string; practiceRefused: number }[];
      expect(Object.fromEntries(results.map((r) => [r.exerciseSlug, r.practiceRefused]))).toEqual({
        [CODING]: 1,
        [QUIZ]: 1,
      });
      // Another exercise, not in the assessment, stays open for practice.
      const other = await api.gql(
        SUBMIT,
        { input: { exerciseSlug: 'im2col', language: 'TYPESCRIPT', code: 'export default () => []' } },
        carol.token,
      );
      expect(other.errors).toBeUndefined();
    });
  });

  describe('scores and similarity', () => {
    const started = async () => {
      const who = await account();
      const invitation = await invite(who.email);
      expect((await api.gql(START, { t: invitation.token }, who.token)).errors).toBeUndefined();
      return { ...who, invitationId: invitation.id };
    };
    let dave: Awaited<ReturnType<typeof started>>;
    let erin: Awaited<ReturnType<typeof started>>;
    let frank: Awaited<ReturnType<typeof started>>;

    beforeAll(async () => {
      [dave, erin, frank] = [await started(), await started(), await started()];
      const ids: string[] = [];
      for (const [who, code] of [
        [dave, naiveSoftmax],
        [erin, softmaxReference()],
        [frank, softmaxReference()],
        [erin, softmaxReference()],
        [frank, softmaxReference()],
      ] as const) {
        const res = await submit(who.token, code);
        expect(res.errors).toBeUndefined();
        ids.push(res.data!.submitSolution.id);
      }
      for (const id of ids) expect(['PASSED', 'FAILED']).toContain(await waitFinal(id));
    }, 180_000);

    it('scores coding exercises by the share of tests passed (hidden included), totals and ranks the candidates, and exports the scores', async () => {
      const report = await api.gql<{ assessmentReport: { candidates: any[] } }>(
        `query($id: ID!) { assessmentReport(assessmentId: $id) { candidates { invitationId email totalScore rank
           results { exerciseSlug passed score attempts } } } }`,
        { id: assessmentId },
        manager,
      );
      expect(report.errors).toBeUndefined();
      const rows = report.data!.assessmentReport.candidates;
      const of = (who: { invitationId: string }) => rows.find((r) => r.invitationId === who.invitationId)!;
      const coding = (who: { invitationId: string }) =>
        of(who).results.find((r: { exerciseSlug: string }) => r.exerciseSlug === CODING);
      expect(coding(erin)).toMatchObject({ passed: true, score: 100, attempts: 2 });
      expect(coding(dave).passed).toBe(false);
      expect(coding(dave).score).toBeGreaterThan(0);
      expect(coding(dave).score).toBeLessThan(100);
      expect(of(erin).totalScore).toBe(50); // 100 on the coding exercise, the quiz not answered
      expect(of(dave).totalScore).toBeCloseTo(coding(dave).score / 2, 1);
      expect(of(erin).rank).toBe(1);
      expect(of(frank).rank).toBe(1); // equal totals share a place
      expect(of(dave).rank).toBeGreaterThan(2);
      const notStarted = rows.filter((r) => r.totalScore === 0 && r.rank === null);
      expect(notStarted.length).toBeGreaterThan(0); // invited, never opened: no place

      const csv = await api.gql<{ assessmentCsv: string }>(
        'query($id: ID!) { assessmentCsv(assessmentId: $id) }',
        { id: assessmentId },
        manager,
      );
      const [header, ...lines] = csv.data!.assessmentCsv.trim().split('\n');
      const cols = header!.split(',');
      expect(cols).toEqual(expect.arrayContaining(['total_score', 'rank', 'score']));
      const erinCoding = lines.find((l) => l.startsWith(erin.email) && l.includes(CODING))!.split(',');
      expect(erinCoding[cols.indexOf('score')]).toBe('100');
      expect(erinCoding[cols.indexOf('total_score')]).toBe('50');
      expect(erinCoding[cols.indexOf('rank')]).toBe('1');
    });

    it('flags byte-identical files at 100 %, once per pair of candidates and exercise, with both times and both codes', async () => {
      const flags = await api.gql<{ assessmentSimilarity: any[] }>(
        `query($id: ID!) { assessmentSimilarity(assessmentId: $id) { exerciseSlug score againstReference
           a { submissionId candidateEmail submittedAt code lines } b { submissionId candidateEmail submittedAt code lines } } }`,
        { id: assessmentId },
        manager,
      );
      expect(flags.errors).toBeUndefined();
      const between = flags.data!.assessmentSimilarity.filter(
        (f) =>
          !f.againstReference &&
          [f.a.candidateEmail, f.b.candidateEmail].sort().join() === [erin.email, frank.email].sort().join(),
      );
      expect(between).toHaveLength(1); // 2 × 2 identical submissions: one flag, not four
      const [flag] = between;
      expect(flag.score).toBe(1);
      expect(flag.exerciseSlug).toBe(CODING);
      expect(Date.parse(flag.a.submittedAt)).toBeGreaterThan(0);
      expect(Date.parse(flag.b.submittedAt)).toBeGreaterThan(0);
      expect(flag.a.code).toBe(softmaxReference());
      expect(flag.b.code).toBe(softmaxReference());
      // Each of them against the reference: once each too.
      const againstReference = flags.data!.assessmentSimilarity.filter((f) => f.againstReference);
      expect(againstReference.filter((f) => f.a.candidateEmail === erin.email)).toHaveLength(1);
      expect(againstReference.every((f) => f.b.submittedAt === null && f.b.code.length > 0)).toBe(true);
    });

    it("keeps each reviewer's own scorecard and decision, and records decisions in the audit log", async () => {
      const second = await account();
      const orgId = (await db.query('SELECT organisation_id FROM assessments WHERE id = $1', [assessmentId])).rows[0]
        .organisation_id;
      await api.gql(
        'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { role } }',
        { i: { organisationId: orgId, email: second.email } },
        admin,
      );
      const REVIEW =
        'mutation($i: ReviewCandidateInput!) { reviewCandidate(input: $i) { meanRating scorecards { reviewerEmail notes decision ratings { criterion rating } } } }';
      const first = await api.gql(
        REVIEW,
        {
          i: {
            invitationId: erin.invitationId,
            ratings: [
              { criterion: 'numerics', rating: 5 },
              { criterion: 'code quality', rating: 3 },
            ],
            notes: 'Max-subtraction right away',
            decision: 'ADVANCE',
          },
        },
        manager,
      );
      expect(first.errors).toBeUndefined();
      await api.gql(REVIEW, { i: { invitationId: erin.invitationId, rating: 2, decision: 'HOLD' } }, second.token);
      const changed = await api.gql<{ reviewCandidate: { meanRating: number; scorecards: any[] } }>(
        REVIEW,
        {
          i: {
            invitationId: erin.invitationId,
            ratings: [{ criterion: 'code quality', rating: 4 }],
            decision: 'REJECT',
          },
        },
        manager,
      );
      const { scorecards, meanRating } = changed.data!.reviewCandidate;
      expect(scorecards).toHaveLength(2);
      const mine = scorecards.find((c) => c.reviewerEmail !== second.email);
      expect(mine).toMatchObject({ notes: 'Max-subtraction right away', decision: 'REJECT' });
      expect(mine.ratings).toEqual(
        expect.arrayContaining([
          { criterion: 'numerics', rating: 5 },
          { criterion: 'code quality', rating: 4 },
        ]),
      );
      expect(scorecards.find((c) => c.reviewerEmail === second.email)).toMatchObject({
        decision: 'HOLD',
        notes: '',
        ratings: [{ criterion: 'overall', rating: 2 }],
      });
      expect(meanRating).toBeCloseTo((5 + 4 + 2) / 3, 2);
      const decided = await db.query(
        `SELECT details->>'decision' AS decision FROM audit_events WHERE action = 'assessment.decided' AND subject_id = $1 ORDER BY created_at`,
        [erin.invitationId],
      );
      expect(decided.rows.map((r) => r.decision)).toEqual(['ADVANCE', 'HOLD', 'REJECT']);
      const bad = await api.gql(REVIEW, { i: { invitationId: erin.invitationId, decision: 'MAYBE' } }, manager);
      expect(bad.errors).toBeDefined();
    });
  });
});
