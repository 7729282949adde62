/**
 * Issue 9, "No cheap way to hurt other users" (sessions and budgets) and issue 11's browser
 * session, replayed against the real API, PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import request from 'supertest';
import WebSocket from 'ws';
import { createApiApp } from '../src/app.factory.js';
import { AuthService } from '../src/auth/auth.service.js';
import { RateLimits } from '../src/auth/rate-limits.js';
import type { DomainError } from '../src/common/domain-error.js';
import { SecretsRepository } from '../src/auth/secrets.repository.js';
import { resetConfigCache, validateConfig } from '../src/config/config.js';
import { Role } from '../src/access/role.enum.js';
import { UsersService } from '../src/users/users.service.js';
import { LOGIN, REGISTER, userInput } from './factories/user.factory.js';
import { startTestApi, type GqlResponse, type TestApi } from './support/test-app.js';

interface AuthResult {
  token: string;
  user: { id: string; email: string; role: string };
}
type Errors = NonNullable<GqlResponse<unknown>['errors']>;

const ME = '{ me { id email role } }';
const SIGN_OUT = 'mutation { signOut }';
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { token user { id } } }`;

/** POST /graphql with any headers (a client address through X-Forwarded-For, a cookie…). */
async function post<T = Record<string, unknown>>(
  api: TestApi,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T> & { setCookie: string[] }> {
  const req = api.http().post('/graphql').set('content-type', 'application/json');
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  const res = await req.send({ query, variables });
  const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
  return { status: res.status, ...(res.body as object), setCookie: setCookie ?? [] };
}

const codeOf = (errors: Errors | undefined) => errors?.[0]?.extensions?.code;

async function register(api: TestApi, headers: Record<string, string> = {}) {
  const input = userInput();
  const res = await post<{ register: AuthResult }>(api, REGISTER, { input }, headers);
  expect(res.errors).toBeUndefined();
  return { ...res.data!.register, password: input.password, setCookie: res.setCookie };
}

describe('sessions: secret, sign-out, password change, role change, common passwords, cookie', () => {
  let api: TestApi;
  beforeAll(async () => {
    delete process.env.JWT_SECRET;
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('never accepts a token signed with the old development secret (a forged admin)', async () => {
    const adminInput = userInput();
    const admin = await api.app.get(UsersService).create({ ...adminInput, role: Role.ADMIN });
    // The reproduction: {sub: <admin id>} signed with the secret that used to be in the source.
    const forger = new JwtService({ secret: 'tensor-dojo-development-secret-change-me' });
    for (const claims of [
      { sub: admin.id, role: 'ADMIN', email: admin.email },
      { sub: admin.id, ver: 0 },
    ]) {
      const forged = forger.sign(claims, { issuer: 'tensor-dojo', algorithm: 'HS256', expiresIn: 3600 });
      const res = await post(api, '{ auditEvents(limit: 1) { action } }', {}, { authorization: `Bearer ${forged}` });
      expect(res.status).toBe(200);
      expect(codeOf(res.errors)).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps a random secret in the database, created once however many processes race for it', async () => {
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = 'jwt'`);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.value.length).toBeGreaterThanOrEqual(48);
      // Eight concurrent first starts for a new secret: one insert wins and all read it.
      const repos = Array.from({ length: 8 }, () => api.app.get(SecretsRepository));
      const values = await Promise.all(repos.map((r) => r.getOrCreate('race-test')));
      expect(new Set(values).size).toBe(1);
      const count = await client.query(`SELECT count(*)::int AS n FROM app_secrets WHERE name = 'race-test'`);
      expect(count.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('lets a second API process on the same database accept the first one’s tokens', async () => {
    const user = await register(api);
    resetConfigCache();
    const second = await createApiApp(validateConfig(process.env));
    await second.init();
    try {
      const seen = await second.get(AuthService).userForToken(user.token);
      expect(seen?.id).toBe(user.user.id);
    } finally {
      await second.close();
    }
  });

  it('answers UNAUTHENTICATED, never 500, for a genuine-looking token with a non-uuid sub', async () => {
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = 'jwt'`);
    await client.end();
    const signer = new JwtService({ secret: rows[0]!.value });
    for (const claims of [{ sub: 'x', ver: 0 }, { sub: "1' OR '1'='1", ver: 0 }, { sub: 42 }, { ver: 0 }]) {
      const token = signer.sign(claims, { issuer: 'tensor-dojo', algorithm: 'HS256', expiresIn: 3600 });
      for (const query of [ME, '{ tracks { slug } }']) {
        const res = await post(api, query, {}, { authorization: `Bearer ${token}` });
        expect(res.status).toBe(200);
        if (query === ME) expect(codeOf(res.errors)).toBe('UNAUTHENTICATED');
        else expect(res.errors).toBeUndefined(); // a public query still answers, as for anyone
      }
    }
  });

  it('signOut revokes every earlier token of the account', async () => {
    const user = await register(api);
    const other = await post<{ login: AuthResult }>(api, LOGIN, {
      input: { email: user.user.email, password: user.password },
    });
    const second = other.data!.login.token;
    expect(codeOf((await post(api, ME, {}, { authorization: `Bearer ${second}` })).errors)).toBeUndefined();
    const out = await post(api, SIGN_OUT, {}, { authorization: `Bearer ${user.token}` });
    expect(out.data).toEqual({ signOut: true });
    for (const token of [user.token, second]) {
      expect(codeOf((await post(api, ME, {}, { authorization: `Bearer ${token}` })).errors)).toBe('UNAUTHENTICATED');
    }
    expect(codeOf((await post(api, SIGN_OUT, {}, { authorization: `Bearer ${user.token}` })).errors)).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('changePassword checks the current one, refuses a common new one, and revokes earlier tokens', async () => {
    const user = await register(api);
    const auth = { authorization: `Bearer ${user.token}` };
    const wrong = await post(
      api,
      CHANGE_PASSWORD,
      { input: { currentPassword: 'not it at all', newPassword: 'a new long passphrase' } },
      auth,
    );
    expect(wrong.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const common = await post(
      api,
      CHANGE_PASSWORD,
      { input: { currentPassword: user.password, newPassword: 'password1' } },
      auth,
    );
    expect(common.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect(common.errors![0]!.message).toMatch(/^newPassword: .*common/);

    const changed = await post<{ changePassword: AuthResult }>(
      api,
      CHANGE_PASSWORD,
      { input: { currentPassword: user.password, newPassword: 'a new long passphrase' } },
      auth,
    );
    expect(changed.errors).toBeUndefined();
    expect(codeOf((await post(api, ME, {}, auth)).errors)).toBe('UNAUTHENTICATED');
    const fresh = { authorization: `Bearer ${changed.data!.changePassword.token}` };
    expect((await post<{ me: { id: string } }>(api, ME, {}, fresh)).data!.me.id).toBe(user.user.id);
    const oldLogin = await post(api, LOGIN, { input: { email: user.user.email, password: user.password } });
    expect(codeOf(oldLogin.errors)).toBe('UNAUTHENTICATED');
    const newLogin = await post(api, LOGIN, { input: { email: user.user.email, password: 'a new long passphrase' } });
    expect(newLogin.errors).toBeUndefined();
  });

  it('a role change by an admin revokes the account’s earlier tokens', async () => {
    const manager = await register(api);
    const adminInput = userInput();
    await api.app.get(UsersService).create({ ...adminInput, role: Role.ADMIN });
    const admin = (
      await post<{ login: AuthResult }>(api, LOGIN, {
        input: { email: adminInput.email, password: adminInput.password },
      })
    ).data!.login.token;
    const setRole = 'mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { role } }';
    await post(
      api,
      setRole,
      { input: { email: manager.user.email, role: 'HIRING_MANAGER' } },
      {
        authorization: `Bearer ${admin}`,
      },
    );
    const promoted = (
      await post<{ login: AuthResult }>(api, LOGIN, {
        input: { email: manager.user.email, password: manager.password },
      })
    ).data!.login.token;
    // Demoted: the token issued while HIRING_MANAGER no longer works at all.
    await post(
      api,
      setRole,
      { input: { email: manager.user.email, role: 'CANDIDATE' } },
      {
        authorization: `Bearer ${admin}`,
      },
    );
    const res = await post(api, '{ me { role } }', {}, { authorization: `Bearer ${promoted}` });
    expect(codeOf(res.errors)).toBe('UNAUTHENTICATED');
  });

  it.each(['password', '12345678', 'Password1', 'iloveyou', 'qwertyuiop'])(
    'refuses the common password %s at registration, naming the field',
    async (password) => {
      const res = await post(api, REGISTER, { input: userInput({ password }) });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(res.errors![0]!.message).toMatch(/^password: is one of the most common passwords/);
    },
  );

  it('refuses a password shorter than 8 characters with the limits in the message', async () => {
    const res = await post(api, REGISTER, { input: userInput({ password: 'k7#q' }) });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(res.errors![0]!.message).toBe('password: must be 8 to 200 characters long');
  });

  describe('browser session cookie', () => {
    const cookieOf = (setCookie: string[]) => setCookie.find((c) => c.startsWith('dojo_session='));

    it('sign-in sets an httpOnly, SameSite=Lax session cookie that authenticates JSON requests', async () => {
      const user = await register(api);
      const cookie = cookieOf(user.setCookie);
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/; Secure/i); // Secure only when NODE_ENV=production
      const pair = cookie!.split(';')[0]!;
      const me = await post<{ me: { id: string } }>(api, ME, {}, { cookie: pair });
      expect(me.data!.me.id).toBe(user.user.id);
    });

    it('refuses a cookie-only cross-site form POST (no CSRF) and the session survives it', async () => {
      const user = await register(api);
      const pair = cookieOf(user.setCookie)!.split(';')[0]!;
      const forms: [string, string][] = [
        ['application/x-www-form-urlencoded', `query=${encodeURIComponent(SIGN_OUT)}`],
        ['text/plain', JSON.stringify({ query: SIGN_OUT })],
        [
          'multipart/form-data; boundary=x',
          `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${SIGN_OUT}\r\n--x--\r\n`,
        ],
      ];
      for (const [type, body] of forms) {
        const res = await request(api.app.getHttpServer())
          .post('/graphql')
          .set('content-type', type)
          .set('cookie', pair)
          .send(body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(JSON.stringify(res.body ?? res.text)).not.toContain('"signOut":true');
      }
      const get = await request(api.app.getHttpServer())
        .get(`/graphql?query=${encodeURIComponent(ME)}`)
        .set('cookie', pair);
      expect(get.text).not.toContain(user.user.id);
      const me = await post<{ me: { id: string } }>(api, ME, {}, { cookie: pair });
      expect(me.data!.me.id).toBe(user.user.id);
    });

    it('signOut clears the cookie and ends the session; Bearer keeps working for API clients', async () => {
      const user = await register(api);
      const pair = cookieOf(user.setCookie)!.split(';')[0]!;
      expect((await post(api, ME, {}, { authorization: `Bearer ${user.token}` })).errors).toBeUndefined();
      const out = await post(api, SIGN_OUT, {}, { cookie: pair });
      expect(out.data).toEqual({ signOut: true });
      const cleared = cookieOf(out.setCookie);
      expect(cleared).toMatch(/^dojo_session=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(codeOf((await post(api, ME, {}, { cookie: pair })).errors)).toBe('UNAUTHENTICATED');
    });

    it('authenticates a WebSocket by the cookie only from this origin, and re-checks each operation', async () => {
      const user = await register(api);
      const pair = cookieOf(user.setCookie)!.split(';')[0]!;
      const host = new URL(api.url).host;
      const ask = async (headers: Record<string, string>, queries: string[], signOutAfterFirst = false) => {
        class HeaderWebSocket extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { headers });
          }
        }
        const ws = createClient({ url: `ws://${host}/graphql`, webSocketImpl: HeaderWebSocket, retryAttempts: 0 });
        const answers: string[] = [];
        try {
          for (const query of queries) {
            answers.push(
              await new Promise<string>((resolve) => {
                let got = '';
                ws.subscribe(
                  { query },
                  {
                    next: (v) => (got = JSON.stringify(v)),
                    error: (e) => resolve(`error ${JSON.stringify(e)}`),
                    complete: () => resolve(got),
                  },
                );
              }),
            );
            if (signOutAfterFirst && answers.length === 1)
              await post(api, SIGN_OUT, {}, { authorization: `Bearer ${user.token}` });
          }
        } finally {
          await ws.dispose();
        }
        return answers;
      };
      const evil = await ask({ cookie: pair, origin: 'https://evil.example' }, [ME]);
      // (graphql-ws errors carry no extensions.code yet: the edge work formats them like HTTP's.)
      const refused = /UNAUTHENTICATED|Sign in first/;
      expect(evil[0]).toMatch(refused);
      // Same origin: accepted; then the account signs out over HTTP and the open connection's next operation is refused.
      const [first, second] = await ask({ cookie: pair, origin: `http://${host}` }, [ME, ME], true);
      expect(first).toContain(user.user.id);
      expect(second).toMatch(refused);
    });
  });
});

describe('budgets: sign-in throttling, registrations, operations per address and account', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      TRUST_PROXY: 'loopback', // the test client is the proxy: X-Forwarded-For names each "client"
      LOGIN_FREE_FAILURES_PER_ACCOUNT: '5',
      LOGIN_FREE_FAILURES_PER_IP: '4',
      LOGIN_DELAY_BASE_SECONDS: '60',
      LOGIN_DELAY_MAX_SECONDS: '900',
      REGISTRATIONS_PER_IP_PER_HOUR: '2',
      API_OPERATIONS_PER_MINUTE_PER_IP: '20',
      API_OPERATIONS_PER_MINUTE_PER_ACCOUNT: '30',
    });
  });
  afterAll(async () => {
    await api?.close();
  });
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const login = (email: string, password: string, address: string) =>
    post(api, LOGIN, { input: { email, password } }, from(address));

  it('refuses the right password after 100 wrong ones in a row (RATE_LIMITED), even from 100 addresses', async () => {
    const victim = await register(api, from('198.51.100.250'));
    const codes: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await login(victim.user.email, `wrong guess ${i}`, `198.51.100.${i}`);
      codes.push(codeOf(res.errors));
      if (codeOf(res.errors) === 'RATE_LIMITED') {
        const seconds = res.errors![0]!.extensions!.retryAfterSeconds as number;
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(60);
      }
    }
    // 5 free failures, then one attempt per wait: the sixth opens a 60 s wait, the rest check no password.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(6);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(94);
    const right = await login(victim.user.email, victim.password, '198.51.100.200');
    expect(codeOf(right.errors)).toBe('RATE_LIMITED');
    expect(right.data ?? null).toBeNull();
  });

  it('counts parallel sign-in attempts one by one', async () => {
    const victim = await register(api, from('198.51.101.250'));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(victim.user.email, `wrong guess ${i}`, `198.51.101.${i}`)),
    );
    const codes = results.map((r) => codeOf(r.errors));
    // Counted before the password is checked, so 12 at once still means 5 free + 1, not 12 guesses.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(6);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(6);
    expect(codeOf((await login(victim.user.email, victim.password, '198.51.101.100')).errors)).toBe('RATE_LIMITED');
  });

  it('throttles failed sign-ins per address across accounts, and only that address', async () => {
    const user = await register(api, from('198.51.102.250'));
    for (let i = 0; i < 5; i++) {
      const res = await login(`nobody${i}@example.com`, 'wrong guess', '198.51.102.1');
      expect(codeOf(res.errors)).toBe('UNAUTHENTICATED'); // 4 free, the fifth opens the wait
    }
    const refused = await login(user.user.email, user.password, '198.51.102.1');
    expect(codeOf(refused.errors)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.message).toMatch(/from your address/);
    const elsewhere = await login(user.user.email, user.password, '198.51.102.2');
    expect(elsewhere.errors).toBeUndefined();
  });

  it('limits registrations per address, even inside one request', async () => {
    // (3 is as many as GRAPHQL_MAX_COMPLEXITY lets one request hash.)
    const inputs = Array.from({ length: 3 }, () => userInput());
    const fields = inputs.map(
      (input, i) =>
        `r${i}: register(input: { email: "${input.email}", password: "${input.password}" }) { user { id } }`,
    );
    // The reproduction made 1,000 accounts with one request of aliased registrations.
    const res = await post(api, `mutation { ${fields.join(' ')} }`, {}, from('198.51.103.1'));
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 2 });
    expect(res.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(3000);
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM users WHERE email = ANY($1)`, [
      inputs.map((i) => i.email),
    ]);
    await client.end();
    expect(rows[0].n).toBe(2);
    const elsewhere = await post(api, REGISTER, { input: userInput() }, from('198.51.103.2'));
    expect(elsewhere.errors).toBeUndefined();
  });

  it('charges every root field (aliases too) to the client address; another address has its own budget', async () => {
    const wide = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: tracks { slug }`).join(' ')} }`;
    expect((await post(api, wide(15), {}, from('198.51.104.1'))).errors).toBeUndefined();
    const res = await post(api, wide(10), {}, from('198.51.104.1'));
    // The 21st field is refused (a refused non-null root field nulls the whole answer, as GraphQL says).
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 20 });
    expect(res.errors![0]!.path![0]).toMatch(/^t[5-9]$/);
    expect(res.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(60);
    const next = await post(api, '{ tracks { slug } }', {}, from('198.51.104.1'));
    expect(codeOf(next.errors)).toBe('RATE_LIMITED');
    const other = await post(api, '{ tracks { slug } }', {}, from('198.51.104.2'));
    expect(other.errors).toBeUndefined();
  });

  it('charges a signed-in account wherever its requests come from', async () => {
    const user = await register(api, from('198.51.105.250'));
    const auth = (address: string) => ({ authorization: `Bearer ${user.token}`, ...from(address) });
    const fifteen = Array.from({ length: 15 }, (_, i) => `m${i}: me { id }`).join(' ');
    expect((await post(api, `{ ${fifteen} }`, {}, auth('198.51.105.1'))).errors).toBeUndefined();
    expect((await post(api, `{ ${fifteen} }`, {}, auth('198.51.105.2'))).errors).toBeUndefined();
    const over = await post(api, ME, {}, auth('198.51.105.3'));
    expect(codeOf(over.errors)).toBe('RATE_LIMITED');
    expect(over.errors![0]!.message).toMatch(/from your account/);
    const anonymous = await post(api, '{ tracks { slug } }', {}, from('198.51.105.3'));
    expect(anonymous.errors).toBeUndefined();
  });

  it('doubles the wait with each failure past the free ones (real Redis)', async () => {
    const limits = new RateLimits({
      ...api.config,
      LOGIN_FREE_FAILURES_PER_ACCOUNT: 2,
      LOGIN_FREE_FAILURES_PER_IP: 100,
      LOGIN_DELAY_BASE_SECONDS: 1,
      LOGIN_DELAY_MAX_SECONDS: 4,
    });
    await limits.onModuleInit();
    const email = userInput().email;
    const attempt = () => limits.loginAttempt(email, '198.51.106.1');
    const refusal = async () => {
      const e = await attempt().then(
        () => undefined,
        (err: unknown) => err as DomainError,
      );
      expect(e?.code).toBe('RATE_LIMITED');
      return e!.details.retryAfterSeconds;
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      await attempt(); // free
      await attempt(); // free
      await attempt(); // opens a 1 s wait
      expect(await refusal()).toBe(1);
      await sleep(1100);
      await attempt(); // admitted after 1 s, opens a 2 s wait
      expect(await refusal()).toBe(2);
      await sleep(1100);
      await refusal(); // the same 1.1 s pause that was enough before is not enough now
      await sleep(1000);
      const admitted = await attempt(); // opens a 4 s wait (the maximum)
      expect(await refusal()).toBe(4);
      await admitted.succeeded(); // a right password clears the account's count and wait
      await attempt();
      await attempt();
    } finally {
      await limits.onModuleDestroy();
    }
  });
});

describe('client address without TRUST_PROXY', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ TRUST_PROXY: 'false', API_OPERATIONS_PER_MINUTE_PER_IP: '20' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('ignores X-Forwarded-For: a forged header does not buy a fresh budget', async () => {
    const wide = Array.from({ length: 20 }, (_, i) => `t${i}: tracks { slug }`).join(' ');
    expect((await post(api, `{ ${wide} }`, {}, { 'x-forwarded-for': '203.0.113.1' })).errors).toBeUndefined();
    const forged = await post(api, '{ tracks { slug } }', {}, { 'x-forwarded-for': '203.0.113.2' });
    expect(codeOf(forged.errors)).toBe('RATE_LIMITED');
    expect(forged.errors![0]!.extensions).toMatchObject({ limit: 20 });
  });
});
