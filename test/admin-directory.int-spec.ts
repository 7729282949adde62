/**
 * Issue 10, admins (the API the admin pages use): accounts searched and paginated, organisations
 * with their members, the audit log filtered by actor and subject type; refused to anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Role } from '../src/access/role.enum.js';
import { createOrganisation } from './factories/assessment.factory.js';
import { createUser, signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const USERS = `query($s: String, $r: Role, $l: Int, $o: Int) { users(search: $s, role: $r, limit: $l, offset: $o) {
  total users { id email displayName role createdAt organisationName } } }`;

describe('admin directory (issue 10)', () => {
  let api: TestApi;
  let admin: { token: string; email: string };

  beforeAll(async () => {
    api = await startTestApi();
    const db = api.app.get(DataSource);
    admin = await signedInUser(api, Role.ADMIN);
    const managers = [];
    for (let i = 0; i < 3; i++)
      managers.push((await createUser(db, { email: `zeta-${i}@dir.test`, role: Role.HIRING_MANAGER })).user);
    await createOrganisation(db, { name: 'Zeta Labs', members: managers.slice(0, 2) });
    await createUser(db, { email: 'percent%_x@dir.test' });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('searches accounts by e-mail, filters by role and pages through them with a total', async () => {
    const first = await api.gql<{
      users: { total: number; users: { email: string; organisationName: string | null }[] };
    }>(USERS, { s: 'ZETA-', l: 2, o: 0 }, admin.token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.users.total).toBe(3);
    expect(first.data!.users.users).toHaveLength(2);
    const second = await api.gql<{ users: { users: { email: string; organisationName: string | null }[] } }>(
      USERS,
      { s: 'zeta-', l: 2, o: 2 },
      admin.token,
    );
    const all = [...first.data!.users.users, ...second.data!.users.users]
      .map((u) => [u.email, u.organisationName])
      .sort();
    expect(all).toEqual([
      ['zeta-0@dir.test', 'Zeta Labs'],
      ['zeta-1@dir.test', 'Zeta Labs'],
      ['zeta-2@dir.test', null],
    ]);
    // LIKE wildcards are literal: "%" matches only the account that has one.
    const pct = await api.gql<{ users: { total: number } }>(USERS, { s: '%_' }, admin.token);
    expect(pct.data!.users.total).toBe(1);
    const admins = await api.gql<{ users: { users: { role: string }[] } }>(USERS, { r: 'ADMIN' }, admin.token);
    expect(admins.data!.users.users.map((u) => u.role)).toEqual(['ADMIN']);
    // No filter at all: every account, the newest first.
    const everyone = await api.gql<{ users: { total: number; users: { email: string }[] } }>(USERS, {}, admin.token);
    expect(everyone.errors).toBeUndefined();
    expect(everyone.data!.users.total).toBe(5);
    expect(everyone.data!.users.users[0]!.email).toBe('percent%_x@dir.test');
    // As the web app sends it: explicit nulls for the filters left empty.
    const web = await api.gql(
      'query Users($search: String, $role: Role, $limit: Int, $offset: Int) { users(search: $search, role: $role, limit: $limit, offset: $offset) { __typename total users { __typename id email displayName role createdAt organisationName } } }',
      { search: null, role: null, limit: 20, offset: 0 },
      admin.token,
    );
    expect(web.errors).toBeUndefined();
    const bad = await api.gql(USERS, { l: 500 }, admin.token);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });

  it('lists organisations with their members', async () => {
    const res = await api.gql<{ organisations: { name: string; members: { email: string }[] }[] }>(
      '{ organisations { name members { email } } }',
      undefined,
      admin.token,
    );
    expect(res.errors).toBeUndefined();
    const zeta = res.data!.organisations.find((o) => o.name === 'Zeta Labs')!;
    expect(zeta.members.map((m) => m.email)).toEqual(['zeta-0@dir.test', 'zeta-1@dir.test']);
  });

  it('filters the audit log by actor and subject type', async () => {
    const set = await api.gql(
      'mutation($i: SetUserRoleInput!) { setUserRole(input: $i) { role } }',
      { i: { email: 'zeta-2@dir.test', role: 'MENTOR' } },
      admin.token,
    );
    expect(set.errors).toBeUndefined();
    const Q = 'query($a: String, $t: String) { auditEvents(actor: $a, subjectType: $t) { action actorEmail } }';
    const byActor = await api.gql<{ auditEvents: { action: string; actorEmail: string }[] }>(
      Q,
      { a: admin.email.slice(0, 8) },
      admin.token,
    );
    expect(byActor.data!.auditEvents.map((e) => e.action)).toContain('user.role_changed');
    const none = await api.gql<{ auditEvents: unknown[] }>(Q, { a: 'nobody-like-this' }, admin.token);
    expect(none.data!.auditEvents).toEqual([]);
    const orgs = await api.gql<{ auditEvents: unknown[] }>(Q, { t: 'organisation' }, admin.token);
    expect(orgs.data!.auditEvents).toEqual([]);
  });

  it('refuses the lists to a hiring manager', async () => {
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    for (const q of ['{ users { total } }', '{ organisations { id } }'])
      expect((await api.gql(q, undefined, manager.token)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
