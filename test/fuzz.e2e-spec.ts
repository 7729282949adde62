/**
 * Issue 9, "What it must show": a fuzz test generated from the schema. FUZZ_RUNS (default
 * 10,000) random operations — every query, mutation and subscription, variables of the right
 * types steered to real objects, and variables of the wrong shape — over HTTP and the
 * WebSocket, as anonymous, candidate, mentor, hiring manager and admin. It requires:
 * no HTTP 5xx, no INTERNAL_SERVER_ERROR, no raw database message in an error, nothing logged
 * by the server, and (from a table with one row per operation, which a new operation must
 * join) one successful execution of every operation on real objects owned by the caller.
 *
 * Reproduce a run with FUZZ_SEED=<the printed seed>. A worker runs only while the seed
 * exercise is validated, so the fuzz itself costs no grading. Limits are raised here
 * (complexity, practice attempts, queue) so operations reach the resolvers;
 * graphql-edge.e2e-spec.ts tests the limits.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import { Role } from '../src/access/role.enum.js';
import { createHash, randomBytes } from 'node:crypto';
import { EmailTokensRepository, type EmailTokenPurpose } from '../src/auth/email-tokens.repository.js';
import { UsersService } from '../src/users/users.service.js';
import { smallDenseModel } from './factories/submission.factory.js';
import { RELU_TESTS_YAML, reluDraftInput } from './factories/exercise.factory.js';
import { LOGIN, userInput } from './factories/user.factory.js';
import {
  mistypedVariablesArbitrary,
  nastyString,
  takesPassword,
  variablesArbitrary,
  walkOperations,
  type Hints,
  type WalkedOperation,
} from './support/operation-walker.js';
import { captureServerLog } from './support/server-log.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { startTestWorker } from './support/worker-process.js';
import { openWs, type WsConnection, type WsResult } from './support/ws-client.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
// A fixed default seed keeps CI reproducible (this one once found notes: null → a 500 in reviewCandidate);
// explore with FUZZ_SEED=random or any number.
const SEED =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED ?? 1625771537);
const CONCURRENCY = 8;
const PASSWORD = 'correct horse battery staple';
/** Operations that end the caller's sessions: after one succeeds, the caller signs in again. */
const ENDS_SESSION = new Set(['signOut', 'changePassword']);

type Caller = 'anonymous' | 'candidate' | 'mentor' | 'manager' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'candidate', 'mentor', 'manager', 'admin'];
const SESSION_ENDERS = new Set(['signOut', 'changePassword']);

/** What a raw PostgreSQL (or TypeORM) message looks like; none may reach a client. */
const DATABASE_TEXT =
  /violates|syntax error at|relation "|duplicate key|invalid input syntax|QueryFailedError|null value in column|out of range for type|current transaction is aborted|deadlock detected/i;

const RELU_TESTS = RELU_TESTS_YAML;
const codingDraft = reluDraftInput;
const PRACTICE_CODE = 'export default function softmax(xs: number[]): number[] { return xs; }';

interface Response {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: WsResult['errors'];
}

describe('fuzz: random operations from the schema, over HTTP and WebSocket, as every role (issue 9)', () => {
  let api: TestApi;
  let ops: WalkedOperation[];
  const tokens: Partial<Record<Caller, string>> = {};
  const emails: Partial<Record<Caller | 'candidate2', string>> = {};
  const ws: Partial<Record<Caller, WsConnection>> = {};
  /** Connections replaced after a sign-out, closed at the end (operations may still be running on them). */
  const retired: WsConnection[] = [];
  const seeds = {
    organisationId: '',
    assessmentId: '',
    invitationId: '',
    submissionIds: [] as string[],
    validationId: '',
    candidate2Token: '',
    victims: [] as string[],
  };

  const post = async (query: string, variables?: Record<string, unknown>, token?: string): Promise<Response> => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: Omit<Response, 'status'> = {};
    try {
      body = JSON.parse(text) as Omit<Response, 'status'>;
    } catch {
      body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
    }
    return { status: res.status, ...body };
  };
  /** Runs an operation that must succeed; returns its data. */
  const must = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ) => {
    const res = await post(query, variables, token);
    if (res.errors?.length || !res.data) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.errors)}`);
    return res.data as T;
  };
  const account = async (role: Role, verified = true) => {
    const input = userInput({ password: PASSWORD });
    const user = await api.app.get(UsersService).create({ ...input, role, verified });
    const data = await must<{ login: { token: string } }>(LOGIN, { input: { email: input.email, password: PASSWORD } });
    return { email: input.email, token: data.login.token, id: user.id };
  };
  /** A live e-mail link token of a new account, as the mail would carry (no SMTP server here). */
  const emailToken = async (purpose: EmailTokenPurpose) => {
    const a = await account(Role.CANDIDATE, false);
    const token = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(token).digest('hex');
    await api.app.get(EmailTokensRepository).issue(a.id, purpose, a.email.toLowerCase(), hash, 3600);
    return token;
  };
  const newSubmission = async () => {
    const data = await must<{ submitSolution: { id: string } }>(
      'mutation($i: SubmitSolutionInput!) { submitSolution(input: $i) { id } }',
      { i: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: PRACTICE_CODE } },
      tokens.candidate,
    );
    seeds.submissionIds.push(data.submitSolution.id);
    return data.submitSolution.id;
  };
  const newInvitation = async (email: string) =>
    (
      await must<{ inviteCandidate: { id: string; token: string } }>(
        'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { id token } }',
        { i: { assessmentId: seeds.assessmentId, email } },
        tokens.manager,
      )
    ).inviteCandidate;

  beforeAll(async () => {
    api = await startTestApi({
      GRAPHQL_MAX_COMPLEXITY: '50000',
      PRACTICE_ATTEMPTS_PER_HOUR: '1000000',
      MAX_QUEUED_PER_CANDIDATE: '1000000',
      CHECKS_PER_MINUTE: '1000000',
      GRAPHQL_WS_MAX_CONNECTIONS_PER_USER: '1000',
      LOGIN_FREE_FAILURES_PER_ACCOUNT: '1000000',
    });
    ops = walkOperations(api.app.get(GraphQLSchemaHost).schema);
    for (const [caller, role] of [
      ['candidate', Role.CANDIDATE],
      ['mentor', Role.MENTOR],
      ['manager', Role.HIRING_MANAGER],
      ['admin', Role.ADMIN],
    ] as const) {
      const a = await account(role);
      tokens[caller] = a.token;
      emails[caller] = a.email;
    }
    const candidate2 = await account(Role.CANDIDATE);
    seeds.candidate2Token = candidate2.token;
    emails.candidate2 = candidate2.email;
    for (let i = 0; i < 4; i++) seeds.victims.push((await account(Role.CANDIDATE)).email);

    // The manager's organisation, an assessment, and the candidate's started attempt in it.
    seeds.organisationId = (
      await must<{ createOrganisation: { id: string } }>(
        'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
        { i: { name: 'Fuzz Labs' } },
        tokens.admin,
      )
    ).createOrganisation.id;
    await must(
      'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { id } }',
      { i: { organisationId: seeds.organisationId, email: emails.manager } },
      tokens.admin,
    );
    seeds.assessmentId = (
      await must<{ createAssessment: { id: string } }>(
        'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
        // Not the exercise the candidate practises: practice on an exercise of one's attempt is refused.
        { i: { title: 'Fuzz hiring', exerciseSlugs: ['pad-sequences'], timeLimitMinutes: 600 } },
        tokens.manager,
      )
    ).createAssessment.id;
    const invitation = await newInvitation(emails.candidate!);
    seeds.invitationId = invitation.id;
    await must(
      'mutation($t: String!) { startAssessment(token: $t) { invitationId } }',
      { t: invitation.token },
      tokens.candidate,
    );
    await newSubmission();

    // The mentor's coding exercise, validated by a real worker (stopped again before the fuzz).
    await must(
      'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }',
      { i: codingDraft('fuzz-relu') },
      tokens.mentor,
    );
    const worker = await startTestWorker(api);
    try {
      seeds.validationId = (
        await must<{ validateExercise: { id: string } }>(
          'mutation { validateExercise(slug: "fuzz-relu") { id } }',
          {},
          tokens.mentor,
        )
      ).validateExercise.id;
      let status = 'QUEUED';
      const until = Date.now() + 90_000;
      while (['QUEUED', 'RUNNING'].includes(status) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 300));
        status = (
          await must<{ exerciseValidation: { status: string } }>(
            'query($id: ID!) { exerciseValidation(id: $id) { status } }',
            { id: seeds.validationId },
            tokens.mentor,
          )
        ).exerciseValidation.status;
      }
      if (status !== 'PASSED') throw new Error(`seed validation ended ${status}\n${worker.output.slice(-2000)}`);
    } finally {
      await worker.stop('SIGKILL');
    }
    for (const caller of CALLERS) ws[caller] = await openWs(api.url, tokens[caller]);
  }, 240_000);

  afterAll(async () => {
    for (const k of [
      'GRAPHQL_MAX_COMPLEXITY',
      'PRACTICE_ATTEMPTS_PER_HOUR',
      'MAX_QUEUED_PER_CANDIDATE',
      'CHECKS_PER_MINUTE',
      'GRAPHQL_WS_MAX_CONNECTIONS_PER_USER',
      'LOGIN_FREE_FAILURES_PER_ACCOUNT',
    ])
      delete process.env[k];
    for (const c of [...Object.values(ws), ...retired]) await c?.close();
    await api?.close();
  });

  const previewToken = async () => ({ token: (await newInvitation('preview@example.com')).token });
  const draftVars = () => ({ assessmentId: seeds.assessmentId, exerciseSlug: 'pad-sequences' });
  const draftInput = () => ({ input: { ...draftVars(), language: 'TYPESCRIPT', code: '// draft' } });
  /** One successful call of every operation, on objects the caller may use; the row's order matters (publish before edit). */
  const ROWS: {
    op: string;
    /** `fresh`: an account of its own (for operations that end the caller's sessions). */
    as: Caller | 'candidate2' | 'fresh';
    vars: () => Promise<Record<string, unknown>> | Record<string, unknown>;
    /** A token of its own, for operations that end the caller's sessions. */
    token?: () => Promise<string>;
  }[] = [
    { op: 'tracks', as: 'anonymous', vars: () => ({ locale: 'zh-CN' }) },
    { op: 'track', as: 'anonymous', vars: () => ({ slug: 'foundations', locale: 'en' }) },
    { op: 'exercise', as: 'anonymous', vars: () => ({ slug: 'stable-softmax' }) },
    { op: 'me', as: 'candidate', vars: () => ({}) },
    { op: 'mySubmissions', as: 'candidate', vars: () => ({ exerciseSlug: 'stable-softmax', limit: 5 }) },
    { op: 'mySubmissionCount', as: 'candidate', vars: () => ({ exerciseSlug: 'stable-softmax', status: ['QUEUED'] }) },
    { op: 'myProgress', as: 'candidate', vars: () => ({ exerciseSlugs: ['stable-softmax', 'overfitting-check'] }) },
    { op: 'exerciseHelp', as: 'candidate', vars: () => ({ slug: 'stable-softmax', locale: 'zh-CN' }) },
    // An account of its own: each account reveals each hint once (then CONFLICT).
    { op: 'revealHint', as: 'fresh', vars: () => ({ slug: 'stable-softmax' }) },
    {
      op: 'assessmentExercise',
      as: 'candidate',
      vars: () => ({ assessmentId: seeds.assessmentId, slug: 'pad-sequences', locale: 'zh-CN' }),
    },
    { op: 'assessmentInvitation', as: 'anonymous', vars: previewToken },
    { op: 'myAssessmentAttempt', as: 'candidate', vars: () => ({ assessmentId: seeds.assessmentId }) },
    { op: 'saveAssessmentDraft', as: 'candidate', vars: draftInput },
    { op: 'assessmentDraft', as: 'candidate', vars: draftVars },
    { op: 'submission', as: 'candidate', vars: () => ({ id: seeds.submissionIds[0] }) },
    { op: 'myOrganisation', as: 'manager', vars: () => ({}) },
    { op: 'assessments', as: 'manager', vars: () => ({}) },
    { op: 'assessmentReport', as: 'manager', vars: () => ({ assessmentId: seeds.assessmentId }) },
    { op: 'assessmentCsv', as: 'manager', vars: () => ({ assessmentId: seeds.assessmentId }) },
    { op: 'assessmentSimilarity', as: 'manager', vars: () => ({ assessmentId: seeds.assessmentId }) },
    { op: 'candidateReport', as: 'manager', vars: () => ({ invitationId: seeds.invitationId }) },
    { op: 'auditEvents', as: 'admin', vars: () => ({ limit: 10 }) },
    { op: 'exerciseDraft', as: 'mentor', vars: () => ({ slug: 'fuzz-relu' }) },
    { op: 'exerciseValidation', as: 'mentor', vars: () => ({ id: seeds.validationId }) },
    { op: 'register', as: 'anonymous', vars: () => ({ input: userInput({ password: PASSWORD }) }) },
    { op: 'login', as: 'anonymous', vars: () => ({ input: { email: emails.candidate, password: PASSWORD } }) },
    { op: 'signOut', as: 'candidate', vars: () => ({}), token: async () => (await account(Role.CANDIDATE)).token },
    {
      op: 'changePassword',
      as: 'candidate',
      vars: () => ({ input: { currentPassword: PASSWORD, newPassword: 'another long passphrase' } }),
      token: async () => (await account(Role.CANDIDATE)).token,
    },
    { op: 'createOrganisation', as: 'admin', vars: () => ({ input: { name: 'Second Fuzz Org' } }) },
    {
      op: 'addOrganisationMember',
      as: 'admin',
      vars: () => ({ input: { organisationId: seeds.organisationId, email: seeds.victims[0] } }),
    },
    { op: 'setUserRole', as: 'admin', vars: () => ({ input: { email: seeds.victims[1], role: 'MENTOR' } }) },
    {
      op: 'createAssessment',
      as: 'manager',
      vars: () => ({ input: { title: 'Second round', exerciseSlugs: ['stable-softmax'], timeLimitMinutes: 30 } }),
    },
    {
      op: 'inviteCandidate',
      as: 'manager',
      vars: () => ({ input: { assessmentId: seeds.assessmentId, email: 'invitee@example.com' } }),
    },
    {
      op: 'startAssessment',
      as: 'candidate2',
      vars: async () => ({ token: (await newInvitation(emails.candidate2!)).token }),
    },
    { op: 'exerciseBank', as: 'manager', vars: () => ({ locale: 'zh-CN' }) },
    {
      op: 'requestEmailVerification',
      as: 'fresh',
      vars: () => ({}),
      token: async () => (await account(Role.CANDIDATE, false)).token,
    },
    { op: 'verifyEmail', as: 'anonymous', vars: async () => ({ token: await emailToken('VERIFY_EMAIL') }) },
    { op: 'requestPasswordReset', as: 'anonymous', vars: () => ({ email: emails.candidate }) },
    {
      op: 'resetPassword',
      as: 'anonymous',
      vars: async () => ({
        input: { token: await emailToken('RESET_PASSWORD'), newPassword: 'a brand new passphrase' },
      }),
    },
    {
      op: 'extendInvitation',
      as: 'manager',
      vars: () => ({ input: { invitationId: seeds.invitationId, minutes: 5 } }),
    },
    {
      op: 'revokeInvitation',
      as: 'manager',
      vars: async () => ({ invitationId: (await newInvitation('revoked@example.com')).id }),
    },
    {
      op: 'reviewCandidate',
      as: 'manager',
      vars: () => ({ input: { invitationId: seeds.invitationId, rating: 4, notes: 'Clear code' } }),
    },
    {
      op: 'submitSolution',
      as: 'candidate',
      vars: () => ({ input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: PRACTICE_CODE } }),
    },
    {
      op: 'checkModel',
      as: 'candidate',
      vars: () => ({ input: { exerciseSlug: 'cifar10-cnn', language: 'TYPESCRIPT', code: smallDenseModel(1) } }),
    },
    {
      op: 'runVisibleTests',
      as: 'candidate',
      vars: () => ({ input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: PRACTICE_CODE } }),
    },
    { op: 'answerQuiz', as: 'candidate', vars: () => ({ exerciseSlug: 'overfitting-check', answers: '{}' }) },
    { op: 'cancelSubmission', as: 'candidate', vars: async () => ({ id: await newSubmission() }) },
    { op: 'publishExercise', as: 'mentor', vars: () => ({ slug: 'fuzz-relu' }) },
    { op: 'setExerciseAssessmentOnly', as: 'mentor', vars: () => ({ slug: 'fuzz-relu', assessmentOnly: false }) },
    { op: 'createExercise', as: 'mentor', vars: () => ({ input: codingDraft('fuzz-draft') }) },
    { op: 'updateExercise', as: 'mentor', vars: () => ({ slug: 'fuzz-draft', input: codingDraft('fuzz-draft') }) },
    { op: 'validateExercise', as: 'mentor', vars: () => ({ slug: 'fuzz-draft' }) },
    { op: 'myExercises', as: 'mentor', vars: () => ({}) },
    {
      op: 'duplicateExerciseAsDraft',
      as: 'mentor',
      vars: () => ({ slug: 'stable-softmax', newSlug: 'fuzz-copy' }),
    },
    { op: 'deleteExerciseDraft', as: 'mentor', vars: () => ({ slug: 'fuzz-copy' }) },
    { op: 'fillExpectedValues', as: 'mentor', vars: () => ({ slug: 'fuzz-draft' }) },
    { op: 'exerciseVersions', as: 'mentor', vars: () => ({ slug: 'fuzz-relu' }) },
    { op: 'authoringOptions', as: 'mentor', vars: () => ({}) },
    // Brings it back (a no-op on a live exercise): the rows after this one still practise it.
    { op: 'retireExercise', as: 'mentor', vars: () => ({ slug: 'fuzz-relu', retired: false }) },
    { op: 'users', as: 'admin', vars: () => ({ search: 'example', limit: 10, offset: 0 }) },
    { op: 'organisations', as: 'admin', vars: () => ({}) },
    { op: 'submissionUpdated', as: 'candidate', vars: async () => ({ id: await newSubmission() }) },
  ];

  it('has a row for every operation in the schema', () => {
    const inSchema = ops.map((o) => o.name).sort();
    expect(ROWS.map((r) => r.op).sort()).toEqual(inSchema);
    expect(inSchema.length).toBeGreaterThanOrEqual(30);
  });

  it('runs every operation successfully at least once, over HTTP (and every query over the WebSocket)', async () => {
    const failed: string[] = [];
    for (const row of ROWS) {
      const op = ops.find((o) => o.name === row.op)!;
      const variables = await row.vars();
      const token = row.token
        ? await row.token()
        : row.as === 'candidate2'
          ? seeds.candidate2Token
          : row.as === 'fresh'
            ? (await account(Role.CANDIDATE)).token
            : tokens[row.as];
      if (op.kind === 'subscription') {
        // Subscribe, then cause an event: cancelling the submission publishes its update.
        const event = new Promise<WsResult>((resolve) => {
          ws.candidate!.client.subscribe(
            { query: op.document, variables },
            {
              next: (v) => resolve(v as WsResult),
              error: (e) => resolve({ errors: e as WsResult['errors'] }),
              complete: () => undefined,
            },
          );
        });
        await new Promise((r) => setTimeout(r, 200));
        await must('mutation($id: ID!) { cancelSubmission(id: $id) { id } }', variables, tokens.candidate);
        const got = await event;
        if (got.errors || got.data?.[op.name] == null) failed.push(`${op.name} (ws): ${JSON.stringify(got)}`);
        continue;
      }
      const res = await post(op.document, variables, token);
      if (res.errors?.length || res.data?.[op.name] == null)
        failed.push(`${op.name}: ${res.status} ${JSON.stringify(res.errors)}`);
      if (op.kind === 'query' && row.as !== 'candidate2' && row.as !== 'fresh' && !row.token) {
        const overWs = await ws[row.as]!.run(op.document, variables);
        if (overWs.errors?.length || overWs.data?.[op.name] == null)
          failed.push(`${op.name} (ws): ${JSON.stringify(overWs)}`);
      }
    }
    expect(failed).toEqual([]);
  }, 120_000);

  it(
    `answers ${RUNS} random operations without a 5xx, an internal error, a database message or a server log line (seed ${SEED})`,
    async () => {
      const ids = fc.constantFrom(
        seeds.organisationId,
        seeds.assessmentId,
        seeds.invitationId,
        seeds.validationId,
        ...seeds.submissionIds,
      );
      const slugs = fc.constantFrom(
        'stable-softmax',
        'overfitting-check',
        'cifar10-cnn',
        'fuzz-relu',
        'fuzz-draft',
        'foundations',
        'computer-vision',
      );
      const hints: Hints = {
        id: fc.oneof(ids, fc.uuid()),
        assessmentId: fc.oneof(ids, fc.uuid()),
        invitationId: fc.oneof(ids, fc.uuid()),
        organisationId: fc.oneof(ids, fc.uuid()),
        slug: fc.oneof(slugs, nastyString),
        exerciseSlug: fc.oneof(slugs, nastyString),
        trackSlug: fc.oneof(fc.constantFrom('foundations', 'computer-vision'), nastyString),
        exerciseSlugs: fc.array(fc.oneof(slugs, nastyString), { maxLength: 3 }),
        locale: fc.constantFrom('en', 'zh-CN', 'fr', ''),
        email: fc.oneof(fc.constantFrom(...seeds.victims, 'invitee@example.com'), fc.emailAddress(), nastyString),
        password: fc.oneof(fc.constant(PASSWORD), nastyString),
        // Never the right one: a random password change would end the role's sessions for good.
        currentPassword: nastyString,
        code: fc.oneof(fc.constant(PRACTICE_CODE), nastyString),
        answers: fc.oneof(fc.constantFrom('{}', '{"q1":"a"}', '[]', 'null'), fc.json({ maxDepth: 2 }), nastyString),
        testsYaml: fc.oneof(fc.constant(RELU_TESTS), nastyString),
        rating: fc.integer({ min: -2, max: 7 }),
      };
      const perOp = new Map(
        ops.map((op) => [
          op.name,
          fc.oneof(
            { weight: 4, arbitrary: variablesArbitrary(op, hints) },
            { weight: 1, arbitrary: mistypedVariablesArbitrary(op) },
          ),
        ]),
      );
      const cases = fc.sample(
        fc
          .record({
            // Password hashing is deliberately slow: those operations are drawn less often.
            op: fc.oneof(
              ...ops.map((op) => ({
                weight: takesPassword(op) || ENDS_SESSION.has(op.name) ? 1 : 5,
                arbitrary: fc.constant(op),
              })),
            ),
            caller: fc.constantFrom(...CALLERS),
            transport: fc.constantFrom('http' as const, 'ws' as const),
          })
          // signOut and changePassword end the caller's sessions: drawn anonymously here, so the
          // other callers' tokens survive (their table rows run them signed in).
          .map((c) => (SESSION_ENDERS.has(c.op.name) ? { ...c, caller: 'anonymous' as Caller } : c))
          .chain((c) => perOp.get(c.op.name)!.map((variables) => ({ ...c, variables }))),
        { numRuns: RUNS, seed: SEED },
      );

      const problems: string[] = [];
      const outcomes = new Map<string, Map<string, number>>();
      const millis = new Map<string, number>();
      const logged: string[] = [];
      const restore = captureServerLog(logged);
      try {
        let next = 0;
        const runOne = async () => {
          while (next < cases.length) {
            const c = cases[next++]!;
            const started = performance.now();
            const res: Response =
              c.transport === 'http'
                ? await post(c.op.document, c.variables, tokens[c.caller])
                : { status: 200, ...(await runOverWs(ws[c.caller]!, c.op, c.variables)) };
            const label = `${c.op.name} as ${c.caller} over ${c.transport} with ${JSON.stringify(c.variables).slice(0, 300)}`;
            if (res.status >= 500) problems.push(`HTTP ${res.status}: ${label}`);
            if ((res as WsResult).closed)
              problems.push(`connection closed ${JSON.stringify((res as WsResult).closed)}: ${label}`);
            for (const e of res.errors ?? []) {
              if (e.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${label}`);
              if (!e.extensions?.code) problems.push(`error without a code (${e.message}): ${label}`);
              if (DATABASE_TEXT.test(e.message)) problems.push(`database text "${e.message}": ${label}`);
            }
            if (ENDS_SESSION.has(c.op.name) && c.caller !== 'anonymous' && !res.errors?.length && res.data) {
              const signedIn = await must<{ login: { token: string } }>(LOGIN, {
                input: { email: emails[c.caller], password: PASSWORD },
              });
              tokens[c.caller] = signedIn.login.token;
              retired.push(ws[c.caller]!);
              ws[c.caller] = await openWs(api.url, tokens[c.caller]);
            }
            const outcome = res.errors?.length ? String(res.errors[0]!.extensions?.code ?? 'none') : 'OK';
            millis.set(c.op.name, (millis.get(c.op.name) ?? 0) + performance.now() - started);
            const counts = outcomes.get(c.op.name) ?? new Map<string, number>();
            counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
            outcomes.set(c.op.name, counts);
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, runOne));
      } finally {
        restore();
      }
      process.stdout.write(`\nfuzz seed ${SEED}, ${cases.length} operations; outcomes per operation:\n`);
      for (const [name, counts] of [...outcomes].sort())
        process.stdout.write(
          `  ${name} (${Math.round(millis.get(name)! / [...counts.values()].reduce((a, b) => a + b, 0))} ms): ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
        );
      expect(problems.slice(0, 30)).toEqual([]);
      expect(logged.slice(0, 30)).toEqual([]);
      // The random values reach past the guards too, not only the table's rows.
      const succeeded = [...outcomes].filter(([, counts]) => (counts.get('OK') ?? 0) > 0).length;
      expect(succeeded).toBeGreaterThanOrEqual(Math.min(ops.length / 2, RUNS / 100));
      // Bounded by the run count: about 15 ms per operation on an idle 2-core machine, far more under load.
    },
    Math.max(300_000, RUNS * 200),
  );
});

/** A query or mutation runs to its result; a subscription is given 50 ms to answer or fail (else it counts as accepted), then ended. */
async function runOverWs(
  conn: WsConnection,
  op: WalkedOperation,
  variables: Record<string, unknown>,
): Promise<WsResult> {
  if (op.kind !== 'subscription') return conn.run(op.document, variables);
  return new Promise<WsResult>((resolve) => {
    let settled = false;
    const done = (r: WsResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(r);
    };
    const unsubscribe = conn.client.subscribe(
      { query: op.document, variables },
      {
        next: (v) => done(v as WsResult),
        error: (e) =>
          done(Array.isArray(e) ? { errors: e as WsResult['errors'] } : { closed: { code: 0, reason: String(e) } }),
        complete: () => done({}),
      },
    );
    const timer = setTimeout(() => done({ data: { [op.name]: 'no event yet' } }), 50);
  });
}
