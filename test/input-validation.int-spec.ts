/**
 * Issue 9, bad input: every string argument of every operation refuses U+0000 with
 * BAD_USER_INPUT naming the field (the table is generated from the schema, so a new operation
 * is covered without editing this file); every ID argument refuses malformed ids; code is
 * limited in bytes; blank names, unknown quiz ids, time used, the practice rate limit and the
 * CSV export. API only (no worker): nothing here needs grading.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { Role } from '../src/access/role.enum.js';
import { SUBMIT } from './factories/submission.factory.js';
import { DataSource } from 'typeorm';
import { InvitationEntity } from '../src/assessments/assessment.entity.js';
import { createAssessment, createInvitation } from './factories/assessment.factory.js';
import { createExercise } from './factories/exercise.factory.js';
import { secondsAgo, secondsFromNow } from './factories/rows.js';
import { createUser, signedInUser } from './factories/user.factory.js';
import { startTestApi, type GqlResponse, type TestApi } from './support/test-app.js';

const MAX_CODE_BYTES = 4096;
const ATTEMPTS_PER_HOUR = 2;

/** A value GraphQL accepts for a type (required input fields filled in, recursively). */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = sample(f.type);
    return out;
  }
  switch (getNamedType(type).name) {
    case 'ID':
      return randomUUID();
    case 'Int':
      return 1;
    case 'Float':
      return 0.5;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date().toISOString();
    default:
      return 'x';
  }
}

interface Leaf {
  /** Where the value goes inside the argument: [] for the argument itself, else field names and list indexes. */
  path: (string | number)[];
  kind: 'String' | 'ID';
}

/** Every String or ID position inside an argument type (nullable ones and list elements included). */
function leaves(type: GraphQLInputType, path: (string | number)[] = [], depth = 0): Leaf[] {
  if (isNonNullType(type)) return leaves(type.ofType, path, depth);
  if (isListType(type)) return leaves(type.ofType, [...path, 0], depth);
  if (isInputObjectType(type)) {
    if (depth > 4) return [];
    return Object.values(type.getFields()).flatMap((f) => leaves(f.type, [...path, f.name], depth + 1));
  }
  if (isScalarType(type) && (type.name === 'String' || type.name === 'ID')) return [{ path, kind: type.name }];
  return [];
}

function withValue(argValue: unknown, argType: GraphQLInputType, path: (string | number)[], value: string): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const inner = isNonNullType(argType) ? argType.ofType : argType;
  if (typeof head === 'number') {
    const list = (Array.isArray(argValue) ? argValue : [undefined]) as unknown[];
    const element = isListType(inner) ? inner.ofType : inner;
    return [withValue(list[0] ?? sample(element), element, rest, value)];
  }
  const fields = isInputObjectType(inner) ? inner.getFields() : {};
  const fieldType = fields[head!]!.type;
  const obj = { ...((argValue as Record<string, unknown>) ?? {}) };
  obj[head!] = withValue(obj[head!] ?? sample(fieldType), fieldType, rest, value);
  return obj;
}

/** `input.title.en` → `title.en`, `exerciseSlugs[0]`: how the API names a field in extensions.field. */
function fieldName(arg: string, path: (string | number)[]): string {
  const full = path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : `${s}.${p}`), arg);
  return full.replace(/^input\./, '');
}

interface Case {
  label: string;
  document: string;
  variables: Record<string, unknown>;
  field: string;
  kind: Leaf['kind'];
  set: (value: string) => Record<string, unknown>;
}

function operationCases(
  operation: 'query' | 'mutation',
  fields: Record<string, GraphQLField<unknown, unknown>>,
): Case[] {
  const cases: Case[] = [];
  for (const field of Object.values(fields)) {
    const args: readonly GraphQLArgument[] = field.args;
    if (args.length === 0) continue;
    const vars = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
    const document = `${operation} Probe(${vars}) { ${field.name}(${call})${selection} }`;
    const base = Object.fromEntries(args.map((a) => [a.name, sample(a.type)]));
    for (const arg of args) {
      for (const leaf of leaves(arg.type)) {
        const field_ = fieldName(arg.name, leaf.path);
        cases.push({
          label: `${field.name}(${field_})`,
          document,
          variables: base,
          field: field_,
          kind: leaf.kind,
          set: (value) => ({ ...base, [arg.name]: withValue(base[arg.name], arg.type, leaf.path, value) }),
        });
      }
    }
  }
  return cases;
}

describe('bad input is a client error naming the field, never a 500 (issue 9)', () => {
  let api: TestApi;
  let db: pg.Client;
  let admin: string;
  let candidate: string;
  let cases: Case[];

  const signIn = (role?: Role) => signedInUser(api, role);

  beforeAll(async () => {
    api = await startTestApi({
      MAX_CODE_BYTES: String(MAX_CODE_BYTES),
      PRACTICE_ATTEMPTS_PER_HOUR: String(ATTEMPTS_PER_HOUR),
      MAX_QUEUED_PER_CANDIDATE: '50',
    });
    db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    admin = (await signIn(Role.ADMIN)).token;
    candidate = (await signIn()).token;
    const schema = api.app.get(GraphQLSchemaHost).schema;
    cases = [
      ...operationCases('query', schema.getQueryType()!.getFields()),
      ...operationCases('mutation', schema.getMutationType()!.getFields()),
    ];
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await api?.close();
  });

  const problems = (res: GqlResponse<unknown>) =>
    res.status >= 500 || (res.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');

  it('covers the string arguments the issue counted (anonymous ones included)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(21);
    const labels = cases.map((c) => c.label);
    for (const expected of [
      'exercise(slug)',
      'tracks(locale)',
      'login(email)',
      'answerQuiz(answers)',
      'submission(id)',
    ])
      expect(labels).toContain(expected);
  });

  it('refuses U+0000 in every String and ID argument with BAD_USER_INPUT naming it, signed in or not', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const variables = c.set('a\u0000b');
      const asAdmin = await api.gql(c.document, variables, admin);
      const err = asAdmin.errors?.[0]?.extensions;
      if (problems(asAdmin) || err?.code !== 'BAD_USER_INPUT' || err.field !== c.field)
        wrong.push(`${c.label} as admin: ${asAdmin.status} ${JSON.stringify(asAdmin.errors)}`);
      const anonymous = await api.gql(c.document, variables);
      if (problems(anonymous) || !anonymous.errors?.length)
        wrong.push(`${c.label} anonymous: ${anonymous.status} ${JSON.stringify(anonymous.errors)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses malformed ids ("abc", 36 dashes) in every ID argument with BAD_USER_INPUT naming it', async () => {
    const idCases = cases.filter((c) => c.kind === 'ID');
    const labels = idCases.map((c) => c.label);
    for (const op of [
      'submission(id)',
      'assessmentReport(assessmentId)',
      'assessmentCsv(assessmentId)',
      'assessmentSimilarity(assessmentId)',
      'candidateReport(invitationId)',
      'exerciseValidation(id)',
    ])
      expect(labels).toContain(op);
    const wrong: string[] = [];
    for (const c of idCases) {
      for (const bad of ['abc', '-'.repeat(36)]) {
        const res = await api.gql(c.document, c.set(bad), admin);
        const err = res.errors?.[0]?.extensions;
        if (problems(res) || err?.code !== 'BAD_USER_INPUT' || err.field !== c.field)
          wrong.push(`${c.label} = ${bad}: ${res.status} ${JSON.stringify(res.errors)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses U+0000 and a malformed id in the submissionUpdated subscription too', async () => {
    const ws = createClient({
      url: api.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${admin}` },
      retryAttempts: 0,
    });
    try {
      for (const id of ['a\u0000b', '-'.repeat(36)]) {
        const outcome = await new Promise<string>((resolve) => {
          ws.subscribe(
            { query: 'subscription($id: ID!) { submissionUpdated(id: $id) { kind } }', variables: { id } },
            {
              next: (v) => resolve(`next ${JSON.stringify(v)}`),
              error: (e) => resolve(`error ${JSON.stringify(e)}`),
              complete: () => resolve('complete'),
            },
          );
        });
        expect(outcome).toMatch(/^(next|error) .*id: must /);
        expect(outcome).not.toMatch(/invalid input syntax|INTERNAL_SERVER_ERROR/);
      }
    } finally {
      await ws.dispose();
    }
  });

  it('limits code in UTF-8 bytes, not characters, with the limit in the error', async () => {
    const send = (code: string) =>
      api.gql(SUBMIT, { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code } }, candidate);
    // 2,000 characters but 6,000 bytes: passed the character count before, and failed in the sandbox/database.
    const euros = `// ${'€'.repeat(2000)}\nexport default function f() {}`;
    const refused = await send(euros);
    expect(refused.status).toBeLessThan(500);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', limit: 4096 });
    expect(refused.errors?.[0]?.message).toMatch(/4096 bytes/);
    const exact = `export default function f() {}\n//${'x'.repeat(MAX_CODE_BYTES - 33)}`;
    expect(Buffer.byteLength(exact)).toBe(MAX_CODE_BYTES);
    const accepted = await send(exact);
    expect(accepted.errors).toBeUndefined();
    const oneMore = await send(`${exact}x`);
    expect(oneMore.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('limits graded practice attempts per exercise per hour, says so in the error and in the exercise', async () => {
    const user = (await signIn()).token;
    const shown = await api.gql<{ exercise: { practiceAttemptsPerHour: number } }>(
      '{ exercise(slug: "stable-softmax") { practiceAttemptsPerHour } }',
    );
    expect(shown.data!.exercise.practiceAttemptsPerHour).toBe(ATTEMPTS_PER_HOUR);
    const send = () =>
      api.gql(
        SUBMIT,
        { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: 'export default () => []' } },
        user,
      );
    for (let i = 0; i < ATTEMPTS_PER_HOUR; i++) expect((await send()).errors).toBeUndefined();
    const refused = await send();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: ATTEMPTS_PER_HOUR });
    const retryAfter = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.errors![0]!.message).toMatch(/2 per hour/);
    // Another exercise has its own count; attempts older than an hour no longer count.
    const quiz = await api.gql(
      'mutation($a: String!) { answerQuiz(exerciseSlug: "overfitting-check", answers: $a) { status } }',
      { a: '{}' },
      user,
    );
    expect(quiz.errors).toBeUndefined();
    await db.query(`UPDATE submissions SET created_at = now() - interval '61 minutes' WHERE code = $1`, [
      'export default () => []',
    ]);
    expect((await send()).errors).toBeUndefined();
  });

  it('refuses quiz answers to unknown questions or options, naming them, instead of marking them wrong', async () => {
    const quiz = await api.gql<{ exercise: { questions: { id: string; kind: string; options: { id: string }[] }[] } }>(
      '{ exercise(slug: "overfitting-check") { questions { id kind options { id } } } }',
    );
    const choice = quiz.data!.exercise.questions.find((q) => q.kind !== 'short')!;
    const ANSWER = 'mutation($a: String!) { answerQuiz(exerciseSlug: "overfitting-check", answers: $a) { status } }';
    const user = (await signIn()).token;
    const unknownQuestion = await api.gql(ANSWER, { a: JSON.stringify({ 'no-such-question': 'a' }) }, user);
    expect(unknownQuestion.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'answers.no-such-question',
    });
    const unknownOption = await api.gql(ANSWER, { a: JSON.stringify({ [choice.id]: 'zz' }) }, user);
    expect(unknownOption.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `answers.${choice.id}`,
    });
    expect(unknownOption.errors![0]!.message).toContain(choice.options[0]!.id);
    const stored = await db.query('SELECT count(*)::int AS n FROM submissions WHERE code LIKE $1', ['%zz%']);
    expect(stored.rows[0].n).toBe(0);
  });

  describe('organisations and assessments', () => {
    let manager: { token: string; email: string };

    beforeAll(async () => {
      manager = await signIn();
    });

    it('refuses blank organisation names and assessment titles, and trims the rest', async () => {
      const CREATE_ORG = 'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id name } }';
      const blank = await api.gql(CREATE_ORG, { i: { name: '     ' } }, admin);
      expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      const org = await api.gql<{ createOrganisation: { id: string; name: string } }>(
        CREATE_ORG,
        { i: { name: '  Acme Labs  ' } },
        admin,
      );
      expect(org.data!.createOrganisation.name).toBe('Acme Labs');
      const stored = await db.query(`SELECT count(*)::int AS n FROM organisations WHERE trim(name) = ''`);
      expect(stored.rows[0].n).toBe(0);
      await api.gql(
        'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { role } }',
        { i: { organisationId: org.data!.createOrganisation.id, email: manager.email } },
        admin,
      );
      const CREATE = 'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id title } }';
      const input = (title: string) => ({ title, exerciseSlugs: ['stable-softmax'], timeLimitMinutes: 60 });
      const blankTitle = await api.gql(CREATE, { i: input(' \t  ') }, manager.token);
      expect(blankTitle.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
      const created = await api.gql<{ createAssessment: { id: string; title: string } }>(
        CREATE,
        { i: input('  Spring hiring  ') },
        manager.token,
      );
      expect(created.data!.createAssessment.title).toBe('Spring hiring');
    });

    it('keeps timeUsedSeconds at the real elapsed time when an attempt without submissions finishes', async () => {
      // The reproduction: an attempt 55 s in, then the deadline passes with nothing submitted.
      const rows = api.app.get(DataSource);
      const owner = await signIn(Role.HIRING_MANAGER);
      const { version } = await createExercise(rows);
      const timed = await createAssessment(rows, { manager: owner.user, versions: [version] });
      // A display name a spreadsheet would run as a formula: the CSV export must defuse it.
      const { user: taker } = await createUser(rows, { email: 'timed@example.com', displayName: '-1+1' });
      const { invitation } = await createInvitation(rows, timed, {
        candidate: taker,
        startedAt: secondsAgo(55),
        deadlineAt: secondsFromNow(3600),
      });
      const invitationId = invitation.id;
      const REPORT =
        'query($id: ID!) { assessmentReport(assessmentId: $id) { candidates { invitationId state timeUsedSeconds } } }';
      const row = async () =>
        (
          await api.gql<{
            assessmentReport: { candidates: { invitationId: string; state: string; timeUsedSeconds: number }[] };
          }>(REPORT, { id: timed.id }, owner.token)
        ).data!.assessmentReport.candidates.find((c) => c.invitationId === invitationId)!;
      const during = await row();
      expect(during.state).toBe('IN_PROGRESS');
      expect(during.timeUsedSeconds).toBeGreaterThanOrEqual(55);
      await rows.getRepository(InvitationEntity).update(invitationId, { deadlineAt: secondsAgo(1) });
      const after = await row();
      expect(after.state).toBe('FINISHED');
      expect(after.timeUsedSeconds).toBeGreaterThanOrEqual(53);
      expect(after.timeUsedSeconds).toBeLessThanOrEqual(56);

      // The CSV export defuses the display name and keeps the mean rating a number.
      const review = await api.gql(
        'mutation($i: ReviewCandidateInput!) { reviewCandidate(input: $i) { meanRating } }',
        { i: { invitationId, rating: 3, notes: '-1+1' } },
        owner.token,
      );
      expect(review.errors).toBeUndefined();
      const csv = await api.gql<{ assessmentCsv: string }>(
        'query($id: ID!) { assessmentCsv(assessmentId: $id) }',
        { id: timed.id },
        owner.token,
      );
      const line = csv.data!.assessmentCsv.split('\n').find((l) => l.startsWith('timed@example.com'))!;
      expect(line.startsWith("timed@example.com,'-1+1,")).toBe(true);
      expect(line.endsWith(',3,')).toBe(true);
    });
  });
});
