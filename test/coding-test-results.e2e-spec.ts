import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Role } from '../src/access/role.enum.js';
import { loadCodingTests } from '../src/coding/tests-file.js';
import { showJson } from '../src/coding/test-report.js';
import { SUBMIT } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { WorkerProcess } from './support/worker-process.js';

/**
 * `Submission.testResults`, graded by a real worker: each visible test with input, expected and
 * got, hidden tests only counted. Nothing of a hidden test (name, input, expected value, what the
 * code printed while it ran) reaches the candidate, an admin, or the hiring manager's report.
 */
const SLUG = 'stable-softmax';
const FINAL = ['PASSED', 'FAILED', 'ERROR', 'CANCELLED'];
const RESULT = `id status reason errorLine consoleOutput grade { passed score feedback }
  testResults { visible { name input expected got passed message line column console millis } hidden { passed total } }`;
const SUBMISSION = `query($id: ID!) { submission(id: $id) { ${RESULT} } }`;

/** Naive softmax (no max subtracted) that prints its argument: exp overflows on large logits. */
const WRONG = `export default function softmax(logits: number[]): number[] {
  console.log('args', JSON.stringify(logits));
  const exps = logits.map((x) => Math.exp(x));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
`;

interface Visible {
  name: string;
  input: string;
  expected: string | null;
  got: string | null;
  passed: boolean;
  message: string | null;
  console: string;
}
interface Result {
  id: string;
  status: string;
  errorLine: number | null;
  consoleOutput: string | null;
  grade: { passed: boolean; score: number; feedback: string[] } | null;
  testResults: { visible: Visible[]; hidden: { passed: number; total: number } } | null;
}

describe('per-test results of a CODING submission (real worker)', () => {
  let api: TestApi;
  let worker: WorkerProcess;
  const problems: string[] = [];
  const tests = loadCodingTests(path.resolve('exercises', SLUG, 'tests.yaml'), problems)!;
  const visible = tests.filter((t) => !t.hidden);
  const hidden = tests.filter((t) => t.hidden);
  const reference = readFileSync(path.resolve('exercises', SLUG, 'reference.ts'), 'utf8');
  let candidate: { token: string; email: string };
  let other: { token: string; email: string };
  let admin: { token: string; email: string };
  let wrongId: string;

  const account = (role?: Role) => signedInUser(api, role);

  const must = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const res = await api.gql<T>(query, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  const submitAndWait = async (code: string, assessmentId?: string): Promise<Result> => {
    const { submitSolution } = await must<{ submitSolution: { id: string } }>(
      SUBMIT,
      { input: { exerciseSlug: SLUG, language: 'TYPESCRIPT', code, ...(assessmentId ? { assessmentId } : {}) } },
      candidate.token,
    );
    const until = Date.now() + 120_000;
    for (;;) {
      const { submission } = await must<{ submission: Result }>(SUBMISSION, { id: submitSolution.id }, candidate.token);
      if (FINAL.includes(submission.status)) return submission;
      if (Date.now() > until) throw new Error(`not graded in time:\n${worker.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  /** Every string of a hidden test that could give it away and that nothing visible also contains. */
  const hiddenGiveaways = () => {
    const visibleText = JSON.stringify(visible) + showJson(visible.map((t) => [t.input, t.expected]));
    return hidden
      .flatMap((t) => [t.name, showJson(t.input), ...(t.throws ? [] : [showJson(t.expected)])])
      .filter((s) => s.length >= 8 && !visibleText.includes(s));
  };

  beforeAll(async () => {
    api = await startTestApi();
    worker = new WorkerProcess({
      NODE_ENV: 'test',
      DATABASE_URL: api.databaseUrl,
      QUEUE_PREFIX: api.config.QUEUE_PREFIX,
      WORKER_CONCURRENCY: '1',
      SWEEP_INTERVAL_SECONDS: '2',
    });
    await worker.start();
    candidate = await account();
    other = await account();
    admin = await account(Role.ADMIN);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
  });

  it('reads the exercise it tests', () => {
    expect(problems).toEqual([]);
    expect(visible.length).toBeGreaterThanOrEqual(3);
    expect(hidden.length).toBeGreaterThanOrEqual(5);
    expect(hiddenGiveaways().length).toBeGreaterThanOrEqual(hidden.length);
  });

  it('shows a wrong submission test by test: each visible test with input, expected and got; hidden ones counted', async () => {
    const wrong = await submitAndWait(WRONG);
    wrongId = wrong.id;
    expect(wrong.status).toBe('FAILED');
    const results = wrong.testResults!;
    // In the exercise's order, with the inputs and expected values the exercise page shows.
    expect(results.visible.map((r) => [r.name, r.input, r.expected])).toEqual(
      visible.map((t) => [t.name, showJson(t.input), showJson(t.expected)]),
    );
    const byName = new Map(results.visible.map((r) => [r.name, r]));
    expect(byName.get('three small logits')).toMatchObject({ passed: true, message: null });
    // exp(1000) overflows: Infinity / Infinity.
    const large = byName.get('large logits')!;
    expect(large.passed).toBe(false);
    expect(large.got).toContain('NaN');
    expect(large.message).toBeTruthy();
    expect(large.console).toBe('args [1000,1001,1002]\n');
    // Overflowing hidden tests fail (very negative, huge spread, 710 twice); the masked, single, empty and mixed pass.
    expect(results.hidden).toEqual({ passed: 4, total: hidden.length });
    const visiblePassed = results.visible.filter((r) => r.passed).length;
    expect(wrong.grade!.score).toBeCloseTo(((visiblePassed + results.hidden.passed) / tests.length) * 100, 1);
  }, 150_000);

  it('keeps every hidden input, expected value and what the code printed in hidden tests from the candidate', async () => {
    const { submission } = await must<{ submission: Result }>(SUBMISSION, { id: wrongId }, candidate.token);
    const text = JSON.stringify(submission);
    for (const giveaway of hiddenGiveaways()) expect(text).not.toContain(giveaway);
    // The code printed its argument in every test: the visible ones' lines are kept, the hidden ones' are not.
    expect(submission.consoleOutput).toContain('args [1,2,3]\n');
    expect(submission.consoleOutput).not.toContain('-1000');
    expect(submission.consoleOutput).toContain(`(what the code printed in ${hidden.length} hidden tests is not shown)`);
  });

  it('shows an admin the same, and another candidate nothing', async () => {
    const mine = await must<{ submission: Result }>(SUBMISSION, { id: wrongId }, candidate.token);
    const asAdmin = await must<{ submission: Result }>(SUBMISSION, { id: wrongId }, admin.token);
    expect(asAdmin.submission.testResults).toEqual(mine.submission.testResults);
    const text = JSON.stringify(asAdmin.submission);
    for (const giveaway of hiddenGiveaways()) expect(text).not.toContain(giveaway);
    const asOther = await api.gql(SUBMISSION, { id: wrongId }, other.token);
    expect(asOther.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('shows a right submission with every test passed, and none for code that could not run', async () => {
    const right = await submitAndWait(reference);
    expect(right.status).toBe('PASSED');
    expect(right.testResults!.visible.every((r) => r.passed && r.got !== null && r.message === null)).toBe(true);
    expect(right.testResults!.hidden).toEqual({ passed: hidden.length, total: hidden.length });

    const broken = await submitAndWait(
      'export default function softmax(logits: number[]): number[] {\n  return [;\n}\n',
    );
    expect(broken.status).toBe('ERROR');
    expect(broken.errorLine).toBe(2);
    expect(broken.testResults).toBeNull();
  }, 150_000);

  it("shows the hiring manager's report the same per-test results, hidden tests only counted", async () => {
    const manager = await account();
    const { createOrganisation } = await must<{ createOrganisation: { id: string } }>(
      'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
      { i: { name: 'Test results Ltd' } },
      admin.token,
    );
    await must(
      'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { role } }',
      { i: { organisationId: createOrganisation.id, email: manager.email } },
      admin.token,
    );
    const { createAssessment } = await must<{ createAssessment: { id: string } }>(
      'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
      { i: { title: 'Softmax screen', exerciseSlugs: [SLUG], timeLimitMinutes: 30 } },
      manager.token,
    );
    const { inviteCandidate } = await must<{ inviteCandidate: { id: string; token: string } }>(
      'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { id token } }',
      { i: { assessmentId: createAssessment.id, email: candidate.email } },
      manager.token,
    );
    await must(
      'mutation($t: String!) { startAssessment(token: $t) { invitationId } }',
      { t: inviteCandidate.token },
      candidate.token,
    );
    const graded = await submitAndWait(WRONG, createAssessment.id);
    expect(graded.status).toBe('FAILED');

    const { candidateReport } = await must<{ candidateReport: { submissions: Result[] } }>(
      `query($id: ID!) { candidateReport(invitationId: $id) { submissions { ${RESULT} } } }`,
      { id: inviteCandidate.id },
      manager.token,
    );
    const [seen] = candidateReport.submissions;
    expect(seen!.id).toBe(graded.id);
    expect(seen!.testResults).toEqual(graded.testResults);
    expect(seen!.testResults!.visible.map((r) => r.name)).toEqual(visible.map((t) => t.name));
    expect(seen!.testResults!.hidden).toEqual({ passed: 4, total: hidden.length });
    const text = JSON.stringify(candidateReport);
    for (const giveaway of hiddenGiveaways()) expect(text).not.toContain(giveaway);
  }, 150_000);
});
