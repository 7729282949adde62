/**
 * Issue 10, "What it must show": an authorization test generated from the schema. Every query
 * and mutation is called by eight callers — anonymous, the candidate who owns the objects,
 * another candidate, the mentor who authored the draft, another mentor, the hiring manager of
 * the organisation that owns the assessment, a manager of another organisation, an admin —
 * on real objects owned by someone else, and must be allowed or refused exactly as the
 * README's "who" column says. The expectations are read from the README itself: an operation
 * missing from its table, a "who" phrase this test does not know, or an operation without a
 * row below fails the test, so the documentation and the guards cannot drift apart.
 * (Subscriptions have their own owner checks in test/graphql-edge.e2e-spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EmailTokensRepository, type EmailTokenPurpose } from '../src/auth/email-tokens.repository.js';
import { Role } from '../src/access/role.enum.js';
import { reluDraftInput } from './factories/exercise.factory.js';
import { LOGIN, userInput } from './factories/user.factory.js';
import { smallDenseModel } from './factories/submission.factory.js';
import { UsersService } from '../src/users/users.service.js';
import { walkOperations, type WalkedOperation } from './support/operation-walker.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const CALLERS = [
  'anonymous',
  'candidate',
  'otherCandidate',
  'mentor',
  'otherMentor',
  'manager',
  'otherManager',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];
const SIGNED_IN = CALLERS.filter((c) => c !== 'anonymous');

/** Who each phrase of the README's "who" column lets in, for objects owned by `candidate`, `mentor` and `manager`. */
const WHO: Record<string, readonly Caller[]> = {
  anyone: CALLERS,
  'anyone with the link': CALLERS,
  'signed in': SIGNED_IN,
  ADMIN: ['admin'],
  // Admins support every account and organisation.
  'its author; ADMIN': ['candidate', 'admin'],
  // A manager acts within their own organisation; an admin belongs to none.
  HIRING_MANAGER: ['manager', 'otherManager'],
  'HIRING_MANAGER of the organisation; ADMIN': ['manager', 'admin'],
  'signed in, with the invited e-mail address': ['candidate'],
  'the candidate who opened the invitation': ['candidate'],
  'the candidate who opened the invitation; HIRING_MANAGER of the organisation; ADMIN': [
    'candidate',
    'manager',
    'admin',
  ],
  // ADMIN passes every role check.
  MENTOR: ['mentor', 'otherMentor', 'admin'],
  'MENTOR (`content` for the author and ADMIN)': ['mentor', 'otherMentor', 'admin'],
  'MENTOR: the author; ADMIN': ['mentor', 'admin'],
  'MENTOR: the author; ADMIN (also for exercises from `exercises/`)': ['mentor', 'admin'],
  'HIRING_MANAGER; ADMIN': ['manager', 'otherManager', 'admin'],
};

/** `op` → its "who" phrase, from the README's GraphQL API table. */
function readmeWho(): Map<string, string> {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## GraphQL API'), readme.indexOf('\nExercise types:'));
  const who = new Map<string, string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const [names, phrase] = line.slice(2).split(' | ');
    for (const m of names!.matchAll(/`(\w+)/g)) who.set(m[1]!, phrase!.trim());
  }
  return who;
}

const PASSWORD = 'correct horse battery staple';
const ACCESS_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);
const SOFTMAX = 'export default function softmax(xs: number[]): number[] { return xs; }';
let drafts = 0;
const codingDraft = (slug = `authz-draft-${++drafts}`) => reluDraftInput(slug);

type Vars = Record<string, unknown>;
interface Row {
  /** Variables for one call by `caller`; objects a call may use up are made anew for each caller. */
  vars: (caller: Caller) => Promise<Vars> | Vars;
  /** An error code an allowed caller may get for a reason other than access (the object's state). */
  allowedError?: string;
  /** The call ends the caller's sessions: it runs on a session of its own. */
  endsSession?: boolean;
}

describe('authorization, generated from the schema and the README (issue 10)', () => {
  let api: TestApi;
  let ops: WalkedOperation[];
  const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
  const emails = {} as Record<Exclude<Caller, 'anonymous'>, string>;
  const world = { assessmentId: '', invitationId: '', submissionId: '', validationId: '', draftSlug: 'authz-owned' };

  const call = async (op: WalkedOperation, variables: Vars, token?: string) => api.gql(op.document, variables, token);
  const must = async <T>(query: string, variables: Vars, token?: string): Promise<T> => {
    const res = await api.gql<T>(query, variables, token);
    if (res.errors?.length || !res.data) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const account = async (role: Role) => {
    const input = userInput({ password: PASSWORD });
    await api.app.get(UsersService).create({ ...input, role, verified: true });
    const { login } = await must<{ login: { token: string } }>(LOGIN, {
      input: { email: input.email, password: PASSWORD },
    });
    return { email: input.email, token: login.token };
  };
  /** A fresh account's single-use e-mail token, issued as the mail transport would send it. */
  const emailToken = async (purpose: EmailTokenPurpose) => {
    const input = userInput({ password: PASSWORD });
    const user = await api.app.get(UsersService).create({ ...input, role: Role.CANDIDATE });
    const token = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(token).digest('hex');
    await api.app.get(EmailTokensRepository).issue(user.id, purpose, user.email, hash, 3600);
    return token;
  };
  const signIn = async (email: string) =>
    (await must<{ login: { token: string } }>(LOGIN, { input: { email, password: PASSWORD } })).login.token;
  const submission = async () =>
    (
      await must<{ submitSolution: { id: string } }>(
        'mutation($i: SubmitSolutionInput!) { submitSolution(input: $i) { id } }',
        { i: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: SOFTMAX } },
        tokens.candidate,
      )
    ).submitSolution.id;
  const invitation = async (email: string) =>
    (
      await must<{ inviteCandidate: { id: string; token: string } }>(
        'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { id token } }',
        { i: { assessmentId: world.assessmentId, email } },
        tokens.manager,
      )
    ).inviteCandidate;
  const mentorDraft = async () => {
    const slug = `authz-owned-${++drafts}`;
    await must(
      'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }',
      { i: codingDraft(slug) },
      tokens.mentor,
    );
    return slug;
  };

  beforeAll(async () => {
    api = await startTestApi({
      // The walker asks for every field two levels deep; the limit is tested in graphql-edge.
      GRAPHQL_MAX_COMPLEXITY: '50000',
      PRACTICE_ATTEMPTS_PER_HOUR: '1000000',
      MAX_QUEUED_PER_CANDIDATE: '1000000',
      CHECKS_PER_MINUTE: '1000000',
      LOGIN_FREE_FAILURES_PER_ACCOUNT: '1000000',
    });
    ops = walkOperations(api.app.get(GraphQLSchemaHost).schema).filter((o) => o.kind !== 'subscription');
    for (const [caller, role] of [
      ['candidate', Role.CANDIDATE],
      ['otherCandidate', Role.CANDIDATE],
      ['mentor', Role.MENTOR],
      ['otherMentor', Role.MENTOR],
      ['manager', Role.HIRING_MANAGER],
      ['otherManager', Role.HIRING_MANAGER],
      ['admin', Role.ADMIN],
    ] as const) {
      const a = await account(role);
      tokens[caller] = a.token;
      emails[caller] = a.email;
    }
    for (const [name, manager] of [
      ['Owner Labs', 'manager'],
      ['Other Labs', 'otherManager'],
    ] as const) {
      const { createOrganisation } = await must<{ createOrganisation: { id: string } }>(
        'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
        { i: { name } },
        tokens.admin,
      );
      await must(
        'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { id } }',
        { i: { organisationId: createOrganisation.id, email: emails[manager] } },
        tokens.admin,
      );
    }
    world.assessmentId = (
      await must<{ createAssessment: { id: string } }>(
        'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
        { i: { title: 'Owned', exerciseSlugs: ['pad-sequences', 'overfitting-check'], timeLimitMinutes: 600 } },
        tokens.manager,
      )
    ).createAssessment.id;
    const invited = await invitation(emails.candidate);
    world.invitationId = invited.id;
    await must(
      'mutation($t: String!) { startAssessment(token: $t) { invitationId } }',
      { t: invited.token },
      tokens.candidate,
    );
    world.submissionId = await submission();
    world.draftSlug = await mentorDraft();
    world.validationId = (
      await must<{ validateExercise: { id: string } }>(
        'mutation($s: String!) { validateExercise(slug: $s) { id } }',
        { s: world.draftSlug },
        tokens.mentor,
      )
    ).validateExercise.id;
  }, 120_000);

  afterAll(async () => {
    for (const k of [
      'GRAPHQL_MAX_COMPLEXITY',
      'PRACTICE_ATTEMPTS_PER_HOUR',
      'MAX_QUEUED_PER_CANDIDATE',
      'CHECKS_PER_MINUTE',
      'LOGIN_FREE_FAILURES_PER_ACCOUNT',
    ])
      delete process.env[k];
    await api?.close();
  });

  const ROWS: Record<string, Row> = {
    register: { vars: () => ({ input: userInput({ password: PASSWORD }) }) },
    login: { vars: () => ({ input: { email: emails.otherCandidate, password: PASSWORD } }) },
    signOut: { vars: () => ({}), endsSession: true },
    changePassword: {
      vars: () => ({ input: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
      endsSession: true,
    },
    me: { vars: () => ({}) },
    tracks: { vars: () => ({ locale: 'zh-CN' }) },
    track: { vars: () => ({ slug: 'foundations' }) },
    exercise: { vars: () => ({ slug: 'stable-softmax' }) },
    setUserRole: { vars: async () => ({ input: { email: (await account(Role.CANDIDATE)).email, role: 'MENTOR' } }) },
    auditEvents: { vars: () => ({ limit: 5 }) },
    submitSolution: {
      vars: () => ({ input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: SOFTMAX } }),
    },
    submission: { vars: () => ({ id: world.submissionId }) },
    mySubmissions: { vars: () => ({ limit: 5 }) },
    mySubmissionCount: { vars: () => ({}) },
    myProgress: { vars: () => ({ exerciseSlugs: ['stable-softmax'] }) },
    exerciseHelp: { vars: () => ({ slug: 'stable-softmax' }) },
    // Every account reveals its own hints; a second call after the last one is CONFLICT.
    revealHint: { vars: () => ({ slug: 'stable-softmax' }), allowedError: 'CONFLICT' },
    checkModel: {
      vars: () => ({ input: { exerciseSlug: 'cifar10-cnn', language: 'TYPESCRIPT', code: smallDenseModel(1) } }),
    },
    runVisibleTests: {
      vars: () => ({ input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: SOFTMAX } }),
    },
    cancelSubmission: { vars: async () => ({ id: await submission() }) },
    createOrganisation: { vars: (c) => ({ input: { name: `Org of ${c} ${++drafts}` } }) },
    addOrganisationMember: {
      vars: async () => {
        const { createOrganisation } = await must<{ createOrganisation: { id: string } }>(
          'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
          { i: { name: `Empty ${++drafts}` } },
          tokens.admin,
        );
        const manager = await account(Role.HIRING_MANAGER);
        return { input: { organisationId: createOrganisation.id, email: manager.email } };
      },
    },
    myOrganisation: { vars: () => ({}) },
    assessments: { vars: () => ({}) },
    createAssessment: {
      vars: () => ({ input: { title: 'Round two', exerciseSlugs: ['stable-softmax'], timeLimitMinutes: 30 } }),
    },
    inviteCandidate: {
      vars: async () => ({ input: { assessmentId: world.assessmentId, email: (await account(Role.CANDIDATE)).email } }),
    },
    // A fresh assessment of the organisation, and a link for the owning candidate to it.
    startAssessment: {
      vars: async () => {
        const { createAssessment } = await must<{ createAssessment: { id: string } }>(
          'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
          { i: { title: `Round ${++drafts}`, exerciseSlugs: ['im2col'], timeLimitMinutes: 30 } },
          tokens.manager,
        );
        const { inviteCandidate } = await must<{ inviteCandidate: { token: string } }>(
          'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { token } }',
          { i: { assessmentId: createAssessment.id, email: emails.candidate } },
          tokens.manager,
        );
        return { token: inviteCandidate.token };
      },
    },
    assessmentExercise: { vars: () => ({ assessmentId: world.assessmentId, slug: 'pad-sequences' }) },
    // The token is the secret: anyone holding a valid link may preview it.
    assessmentInvitation: { vars: async () => ({ token: (await invitation('authz-preview@example.com')).token }) },
    myAssessmentAttempt: { vars: () => ({ assessmentId: world.assessmentId }) },
    assessmentDraft: { vars: () => ({ assessmentId: world.assessmentId, exerciseSlug: 'pad-sequences' }) },
    saveAssessmentDraft: {
      vars: () => ({
        input: { assessmentId: world.assessmentId, exerciseSlug: 'pad-sequences', language: 'TYPESCRIPT', code: '//' },
      }),
    },
    assessmentReport: { vars: () => ({ assessmentId: world.assessmentId }) },
    candidateReport: { vars: () => ({ invitationId: world.invitationId }) },
    assessmentCsv: { vars: () => ({ assessmentId: world.assessmentId }) },
    reviewCandidate: { vars: () => ({ input: { invitationId: world.invitationId, rating: 4, notes: 'Clear' } }) },
    assessmentSimilarity: { vars: () => ({ assessmentId: world.assessmentId }) },
    createExercise: { vars: () => ({ input: codingDraft() }) },
    updateExercise: { vars: () => ({ slug: world.draftSlug, input: codingDraft(world.draftSlug) }) },
    validateExercise: { vars: async () => ({ slug: await mentorDraft() }) },
    exerciseValidation: { vars: () => ({ id: world.validationId }) },
    // No validation passed (no worker runs here): an allowed caller gets past the guard to CONFLICT.
    publishExercise: { vars: () => ({ slug: world.draftSlug }), allowedError: 'CONFLICT' },
    setExerciseAssessmentOnly: { vars: () => ({ slug: world.draftSlug, assessmentOnly: false }) },
    exerciseDraft: { vars: () => ({ slug: world.draftSlug }) },
    myExercises: { vars: () => ({}) },
    deleteExerciseDraft: { vars: async () => ({ slug: await mentorDraft() }) },
    duplicateExerciseAsDraft: { vars: () => ({ slug: 'stable-softmax', newSlug: `authz-copy-${++drafts}` }) },
    // Not the quiz of the candidate's assessment in progress (practice on that one is refused).
    answerQuiz: { vars: () => ({ exerciseSlug: 'privacy-check', answers: '{}' }) },
    exerciseBank: { vars: () => ({ locale: 'en' }) },
    revokeInvitation: {
      vars: async () => ({ invitationId: (await invitation((await account(Role.CANDIDATE)).email)).id }),
    },
    extendInvitation: { vars: () => ({ input: { invitationId: world.invitationId, minutes: 5 } }) },
    fillExpectedValues: { vars: async () => ({ slug: await mentorDraft() }) },
    // A draft that was never published: an allowed caller gets past the guard to the state check.
    retireExercise: { vars: async () => ({ slug: await mentorDraft(), retired: true }), allowedError: 'CONFLICT' },
    exerciseVersions: { vars: () => ({ slug: world.draftSlug }) },
    users: { vars: () => ({ search: 'example.com', limit: 5, offset: 0 }) },
    authoringOptions: { vars: () => ({}) },
    // Every account here is verified already: an allowed caller gets past the guard to CONFLICT.
    requestEmailVerification: { vars: () => ({}), allowedError: 'CONFLICT' },
    requestPasswordReset: { vars: () => ({ email: emails.otherCandidate }) },
    verifyEmail: { vars: async () => ({ token: await emailToken('VERIFY_EMAIL') }) },
    resetPassword: {
      vars: async () => ({
        input: { token: await emailToken('RESET_PASSWORD'), newPassword: 'a brand new passphrase' },
      }),
    },
    organisations: { vars: () => ({}) },
  };

  it('has a README "who" and a row here for every query and mutation', () => {
    const who = readmeWho();
    const names = ops.map((o) => o.name).sort();
    expect(names.filter((n) => !who.has(n))).toEqual([]);
    expect(names.filter((n) => !ROWS[n])).toEqual([]);
    expect(Object.keys(ROWS).filter((n) => !names.includes(n))).toEqual([]);
    const unknown = names.map((n) => who.get(n)!).filter((phrase) => !WHO[phrase]);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('allows and refuses every operation for every caller exactly as the README says', async () => {
    const who = readmeWho();
    const wrong: string[] = [];
    for (const op of ops) {
      const row = ROWS[op.name];
      const allowed = WHO[who.get(op.name) ?? ''];
      if (!row || !allowed) continue;
      for (const caller of CALLERS) {
        let token = caller === 'anonymous' ? undefined : tokens[caller];
        if (row.endsSession && token) token = await signIn(emails[caller as Exclude<Caller, 'anonymous'>]);
        const res = await call(op, await row.vars(caller), token);
        const code = res.errors?.[0]?.extensions?.code as string | undefined;
        const expectAllowed = allowed.includes(caller);
        const ok = expectAllowed
          ? res.status < 500 && (!code || code === row.allowedError)
          : res.status < 500 && code !== undefined && ACCESS_CODES.has(code) && res.data?.[op.name] == null;
        if (!ok)
          wrong.push(
            `${op.name} as ${caller}: expected ${expectAllowed ? 'allowed' : 'refused'}, got ${code ?? 'data'} ${res.errors?.[0]?.message ?? ''}`,
          );
        // A session ender ended every token of the account: sign the caller in again.
        if (row.endsSession && token && !code)
          tokens[caller as Exclude<Caller, 'anonymous'>] = await signIn(emails[caller as Exclude<Caller, 'anonymous'>]);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
