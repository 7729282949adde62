/**
 * Issue 9: a candidate cannot turn their failure into an uncounted, retried "our fault", and a
 * mentor cannot publish content that never passed validation. Real API, worker, PostgreSQL,
 * Redis, BullMQ and isolated-vm.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/access/role.enum.js';
import { SUBMISSION, SUBMIT } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

interface Stored {
  status: string;
  reason: string;
  errorKind: string | null;
  errorCode: string | null;
  countsAsAttempt: boolean;
  grade: { feedback: string[] } | null;
  history: { status: string; message: string }[];
}

const CREATE = 'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { version status } }';
const UPDATE = 'mutation($s: String!, $i: ExerciseDraftPatch!) { updateExercise(slug: $s, input: $i) { version } }';
const VALIDATE = 'mutation($s: String!) { validateExercise(slug: $s) { id status } }';
const PUBLISH = 'mutation($s: String!) { publishExercise(slug: $s) { status } }';
const VALIDATION = 'query($id: ID!) { exerciseValidation(id: $id) { status reason current } }';

const SLUG = 'relu-bound';
const GOOD = 'export default function relu(xs: number[]): number[] { return xs.map((x) => Math.max(0, x)); }';
const BAD = 'export default function relu(xs: number[]): number[] { return xs; }';
const draft = (referenceCode: string) => ({
  slug: SLUG,
  type: 'CODING',
  trackSlug: 'foundations',
  difficulty: 1,
  title: { en: 'ReLU', zhCN: 'ReLU 激活' },
  summary: { en: 'Apply max(0, x) to every element.', zhCN: '对每个元素取 max(0, x)。' },
  statement: { en: 'Implement `relu(xs: number[]): number[]`.', zhCN: '实现 `relu(xs: number[]): number[]`。' },
  skills: [],
  entry: 'default',
  testsYaml: [
    'compare: { kind: array }',
    'visible:',
    '  - { name: mixed, input: [[-1, 0, 2]], expected: [0, 0, 2] }',
    'hidden:',
    '  - { name: all-negative, input: [[-3, -0.5]], expected: [0, 0] }',
  ].join('\n'),
  threshold: 1,
  starterCode: BAD,
  referenceCode,
});

describe("candidates' errors stay theirs; validation binds to content (issue 9, real worker)", () => {
  let api: TestApi;
  let worker: WorkerProcess;
  let mentor: string;
  let candidate: string;

  const startWorker = async () => {
    worker = await startTestWorker(api, { SWEEP_INTERVAL_SECONDS: '2' });
  };

  const poll = async <T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> => {
    const until = Date.now() + 60_000;
    for (;;) {
      const v = await read();
      if (done(v)) return v;
      if (Date.now() > until) throw new Error(`${what} still not done\n${worker?.output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  const validation = (id: string) =>
    poll(
      async () =>
        (await api.gql<{ exerciseValidation: { status: string; reason: string } }>(VALIDATION, { id }, mentor)).data!
          .exerciseValidation,
      (v) => !['QUEUED', 'RUNNING'].includes(v.status),
      'validation',
    );

  const submitCoding = async (code: string): Promise<Stored> => {
    const res = await api.gql<{ submitSolution: { id: string } }>(
      SUBMIT,
      { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code } },
      candidate,
    );
    expect(res.errors).toBeUndefined();
    const id = res.data!.submitSolution.id;
    return poll(
      async () => (await api.gql<{ submission: Stored }>(SUBMISSION, { id }, candidate)).data!.submission,
      (s) => ['PASSED', 'FAILED', 'ERROR', 'CANCELLED'].includes(s.status),
      `submission ${id}`,
    );
  };

  /** Final, counted, never put back in the queue as our failure. */
  const expectCandidatesOwn = (s: Stored) => {
    expect(s.countsAsAttempt).toBe(true);
    expect(s.errorKind).not.toBe('INFRASTRUCTURE');
    expect(s.history.filter((h) => h.status === 'QUEUED')).toHaveLength(1);
  };

  beforeAll(async () => {
    api = await startTestApi();
    mentor = (await signedInUser(api, Role.MENTOR)).token;
    candidate = (await signedInUser(api)).token;
  }, 60_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
  });

  it('refuses to publish content that only passed because it was edited while its run was queued', async () => {
    // The reproduction: validate a bad draft, edit it to good while the run is queued, let it
    // run, edit back, publish. The worker is started only after the edit, so the run is queued.
    expect((await api.gql(CREATE, { i: draft(BAD) }, mentor)).errors).toBeUndefined();
    const queued = await api.gql<{ validateExercise: { id: string; status: string } }>(VALIDATE, { s: SLUG }, mentor);
    expect(queued.data!.validateExercise.status).toBe('QUEUED');
    expect((await api.gql(UPDATE, { s: SLUG, i: draft(GOOD) }, mentor)).errors).toBeUndefined();
    await startWorker();
    const stale = await validation(queued.data!.validateExercise.id);
    expect(stale.status).toBe('ERROR');
    expect(stale.reason).toMatch(/edited after this validation run was requested/);
    expect((await api.gql(UPDATE, { s: SLUG, i: draft(BAD) }, mentor)).errors).toBeUndefined();
    const sneaky = await api.gql(PUBLISH, { s: SLUG }, mentor);
    expect(sneaky.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // The honest path still works: validate the good content, publish exactly that.
    expect((await api.gql(UPDATE, { s: SLUG, i: draft(GOOD) }, mentor)).errors).toBeUndefined();
    const run = await api.gql<{ validateExercise: { id: string } }>(VALIDATE, { s: SLUG }, mentor);
    expect((await validation(run.data!.validateExercise.id)).status).toBe('PASSED');
    const published = await api.gql<{ publishExercise: { status: string } }>(PUBLISH, { s: SLUG }, mentor);
    expect(published.data?.publishExercise.status).toBe('PUBLISHED');
  }, 120_000);

  it('grades a function returning an object with a NUL key as a counted failure, not a retried infrastructure error', async () => {
    const s = await submitCoding('export default function softmax() { return { "\\u0000": 1 }; }');
    expect(s.status).toBe('FAILED');
    expectCandidatesOwn(s);
    expect(s.grade!.feedback.join('\n')).toContain('"\\u0000": 1');
  }, 90_000);

  it("ends code with 20,000 nested parentheses as the candidate's COMPILE_ERROR, counted and final", async () => {
    const s = await submitCoding(
      `export default function softmax() { return ${'('.repeat(20_000)}1${')'.repeat(20_000)}; }`,
    );
    expect(s.status).toBe('ERROR');
    expect(s.errorKind).toBe('CANDIDATE');
    expect(s.errorCode).toBe('COMPILE_ERROR');
    expect(s.reason).toMatch(/nested too deeply/);
    expectCandidatesOwn(s);
  }, 90_000);

  it('gives a coding compile error its code', async () => {
    const s = await submitCoding('export default function softmax(xs: number[] { return xs; }');
    expect(s.status).toBe('ERROR');
    expect(s.errorKind).toBe('CANDIDATE');
    expect(s.errorCode).toBe('COMPILE_ERROR');
    expect(s.reason).toMatch(/does not compile/);
    expectCandidatesOwn(s);
  }, 90_000);
});
