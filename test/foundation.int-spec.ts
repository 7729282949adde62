import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/test-app.js';
import { LOGIN, REGISTER, userInput } from './factories/user.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { Role } from '../src/access/role.enum.js';

interface AuthResult {
  token: string;
  user: { id: string; email: string; role: string };
}

describe('foundation API (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers the invitation link /assessments/start?token=… with a page, uncached and without referrer (not a 404)', async () => {
    const page = await api.http().get('/assessments/start?token=abc');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('startAssessment');
  });

  it('serves /healthz and a /readyz that checks PostgreSQL and Redis', async () => {
    const health = await api.http().get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const ready = await api.http().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.postgres.ok).toBe(true);
    expect(ready.body.checks.redis.ok).toBe(true);
    // Which training kernels this host runs: native (oneDNN, OpenBLAS) or wasm, with the reason.
    const { loadNativeAddon } = await import('../src/training/native-kernels/addon.js');
    expect(ready.body.training.engine).toBe(loadNativeAddon().loaded ? 'native' : 'wasm');
  });

  it('lists at least 7 tracks with Chinese titles for locale zh-CN', async () => {
    const res = await api.gql<{ tracks: { slug: string; title: string }[] }>(
      '{ tracks(locale: "zh-CN") { slug title } }',
    );
    expect(res.errors).toBeUndefined();
    const tracks = res.data!.tracks;
    expect(tracks.length).toBeGreaterThanOrEqual(7);
    for (const t of tracks) expect(t.title).toMatch(/[\u4e00-\u9fff]/);
    const en = await api.gql<{ tracks: { slug: string; title: string }[] }>('{ tracks { slug title } }');
    expect(en.data!.tracks.map((t) => t.slug)).toEqual(tracks.map((t) => t.slug));
    expect(en.data!.tracks[0]!.title).not.toEqual(tracks[0]!.title);
  });

  // Planned entries are shown unavailable (tracks.service.spec.ts); the bank has none left (exercises/content.int-spec.ts).
  it('shows a track with its skills and every exercise of it available', async () => {
    const res = await api.gql<{
      track: { skills: { slug: string }[]; exercises: { slug: string; available: boolean }[] };
    }>(
      '{ track(slug: "computer-vision") { slug title skills { slug title description } exercises { slug title available type } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.track.skills.length).toBeGreaterThan(0);
    const entries = res.data!.track.exercises;
    expect(entries.find((e) => e.slug === 'cifar10-cnn')?.available).toBe(true);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries.filter((e) => !e.available)).toEqual([]);
  });

  it('opens a published exercise with its task, budget and starter code', async () => {
    const res = await api.gql<{ exercise: { version: number; task: { inputShape: number[] }; starterCode: string } }>(
      '{ exercise(slug: "cifar10-cnn", locale: "zh-CN") { slug version title statement task { inputShape numClasses } budget { maxParams maxEpochs } threshold starterCode } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.exercise.version).toBe(1);
    expect(res.data!.exercise.task.inputShape).toEqual([32, 32, 3]);
    expect(res.data!.exercise.starterCode).toContain('build');
  });

  it('answers NOT_FOUND for an unknown exercise and BAD_USER_INPUT for an unknown locale', async () => {
    const missing = await api.gql('{ exercise(slug: "no-such-exercise") { slug } }');
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const locale = await api.gql('{ tracks(locale: "fr") { slug } }');
    expect(locale.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locale' });
  });

  it('registers, logs in and answers me with the token', async () => {
    const input = userInput();
    const reg = await api.gql<{ register: AuthResult }>(REGISTER, { input });
    expect(reg.errors).toBeUndefined();
    expect(reg.data!.register.user.role).toBe('CANDIDATE');
    expect(reg.data!.register.user.email).toBe(input.email);

    const login = await api.gql<{ login: AuthResult }>(LOGIN, {
      input: { email: input.email.toUpperCase(), password: input.password },
    });
    expect(login.errors).toBeUndefined();
    const me = await api.gql<{ me: { id: string; email: string; role: string } }>(
      '{ me { id email role } }',
      undefined,
      login.data!.login.token,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toEqual({ id: reg.data!.register.user.id, email: input.email, role: 'CANDIDATE' });
  });

  it('refuses a second account with the same email as CONFLICT', async () => {
    const input = userInput();
    await api.gql(REGISTER, { input });
    const again = await api.gql(REGISTER, { input: { ...input, email: input.email.toUpperCase() } });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const input = userInput();
    await api.gql(REGISTER, { input });
    const wrong = await api.gql(LOGIN, { input: { email: input.email, password: 'not the password' } });
    const unknown = await api.gql(LOGIN, { input: { email: 'nobody@example.com', password: 'whatever1' } });
    expect(wrong.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0]!.message).toBe(wrong.errors![0]!.message);
  });

  it.each([
    ['email', { email: 'not-an-email', password: 'long enough password' }],
    ['password', { email: 'fine@example.com', password: 'abc' }],
  ])('rejects a malformed register naming the field %s', async (field, input) => {
    const res = await api.gql(REGISTER, { input });
    expect(res.status).toBe(200);
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0]!.message).toContain(field);
  });

  it('answers UNAUTHENTICATED for me without a token or with a forged one', async () => {
    const none = await api.gql('{ me { id } }');
    expect(none.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const forged = await api.gql('{ me { id } }', undefined, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('gives a CANDIDATE FORBIDDEN on an ADMIN-only mutation, and lets an admin change a role (audited)', async () => {
    const candidate = (await api.gql<{ register: AuthResult }>(REGISTER, { input: userInput() })).data!.register;
    const mutation = 'mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { email role } }';
    const denied = await api.gql(mutation, { input: { email: candidate.user.email, role: 'MENTOR' } }, candidate.token);
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(denied.data ?? null).toBeNull();

    const admin = await signedInUser(api, Role.ADMIN);
    const changed = await api.gql<{ setUserRole: { role: string } }>(
      mutation,
      { input: { email: candidate.user.email, role: 'MENTOR' } },
      admin.token,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.setUserRole.role).toBe('MENTOR');
    // A role change ends the account's sessions: the old token is refused, a new sign-in has the new role.
    const old = await api.gql<{ me: { role: string } }>('{ me { role } }', undefined, candidate.token);
    expect(old.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const again = (
      await api.gql<{ login: AuthResult }>(LOGIN, {
        input: { email: candidate.user.email, password: 'correct horse battery staple' },
      })
    ).data!.login;
    const me = await api.gql<{ me: { role: string } }>('{ me { role } }', undefined, again.token);
    expect(me.data!.me.role).toBe('MENTOR');
  });

  it('refuses a query past the complexity limit', async () => {
    const fine = await api.gql('{ tracks { skills { slug } exercises { slug } } }');
    expect(fine.errors).toBeUndefined();
    // 15 aliases: under GRAPHQL_MAX_ROOT_FIELDS and GRAPHQL_MAX_ALIASES, so the cost is what refuses it.
    const wide = Array.from(
      { length: 15 },
      (_, i) => `t${i}: tracks { slug title summary skills { slug title description } }`,
    ).join(' ');
    const tooComplex = await api.gql(`{ ${wide} }`);
    expect(tooComplex.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('never answers with a 500, a stack trace or SQL', async () => {
    const probes = [
      '{ nope }',
      '{ exercise(slug: "\'; DROP TABLE users; --") { slug } }',
      'mutation { register(input: { email: 1 }) { token } }',
      '{{{',
    ];
    for (const query of probes) {
      const res = await api.gql(query);
      expect(res.status).toBeLessThan(500);
      const text = JSON.stringify(res);
      expect(text).not.toMatch(/stacktrace|\bat .*\.(js|ts):\d+|SELECT |QueryFailedError/);
    }
    const bad = await api.http().post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(bad.status).toBeLessThan(500);
  });
});

describe('query depth limit', () => {
  let shallow: TestApi;
  beforeAll(async () => {
    shallow = await startTestApi({ GRAPHQL_MAX_DEPTH: '1' });
  });
  afterAll(async () => {
    delete process.env.GRAPHQL_MAX_DEPTH;
    await shallow?.close();
  });

  it('refuses a document nested deeper than GRAPHQL_MAX_DEPTH', async () => {
    const ok = await shallow.gql('{ tracks { slug } }');
    expect(ok.errors).toBeUndefined();
    const tooDeep = await shallow.gql('{ tracks { skills { slug } } }');
    expect(tooDeep.errors![0]!.message).toMatch(/exceeds maximum operation depth of 1/);
    expect(tooDeep.data ?? null).toBeNull();
  });
});
