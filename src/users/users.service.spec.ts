import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import argon2 from 'argon2';
import { In, type SelectQueryBuilder } from 'typeorm';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { UserEntity } from './user.entity.js';
import { normaliseEmail, UsersService } from './users.service.js';

const USER_ID = 'u-1';
const admin: AuthUser = { id: 'admin-1', role: Role.ADMIN, email: 'root@example.com' };
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await argon2.hash('the right passphrase', { type: argon2.argon2id });
});
const stored = (overrides: Partial<UserEntity> = {}) =>
  ({
    id: USER_ID,
    email: 'ada@example.com',
    displayName: 'Ada',
    passwordHash,
    role: Role.CANDIDATE,
    tokenVersion: 2,
    emailVerifiedAt: null,
    ...overrides,
  }) as UserEntity;

/** A TypeORM query builder whose chain ends in `execute()` answering `raw`. */
function queryBuilder(raw: unknown[]) {
  const builder: Record<string, jest.Mock> = {};
  for (const step of ['insert', 'update', 'values', 'set', 'where', 'orIgnore', 'returning'])
    builder[step] = jest.fn(() => builder);
  builder.execute = jest.fn(async () => ({ raw }));
  return builder;
}
const asBuilder = (builder: ReturnType<typeof queryBuilder>) => builder as unknown as SelectQueryBuilder<UserEntity>;

function setup() {
  const { sut, mocks } = newTestService(UsersService);
  const [users, audit] = mocks;
  return { sut, users, audit };
}

describe('UsersService: accounts', () => {
  it('stores a new account under its normalised address with an argon2id hash, never the password', async () => {
    const { sut, users } = setup();
    const builder = queryBuilder([{ id: USER_ID }]);
    users.createQueryBuilder.mockReturnValue(asBuilder(builder));
    users.findOneByOrFail.mockResolvedValue(stored());
    await expect(sut.create({ email: ' Ada@Example.COM ', password: 'a long passphrase' })).resolves.toEqual(stored());
    const row = builder.values!.mock.calls[0]![0] as Partial<UserEntity>;
    expect(row).toMatchObject({
      email: 'ada@example.com',
      displayName: 'ada',
      role: Role.CANDIDATE,
      emailVerifiedAt: null,
    });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(argon2.verify(row.passwordHash!, 'a long passphrase')).resolves.toBe(true);
    expect(builder.orIgnore).toHaveBeenCalled();
    expect(users.findOneByOrFail).toHaveBeenCalledWith({ email: 'ada@example.com' });
  });

  it('keeps a given name, role and verified address (accounts an operator creates)', async () => {
    const { sut, users } = setup();
    const builder = queryBuilder([{ id: USER_ID }]);
    users.createQueryBuilder.mockReturnValue(asBuilder(builder));
    await sut.create({
      email: 'm@example.com',
      password: 'x',
      displayName: '  Mentor  ',
      role: Role.MENTOR,
      verified: true,
    });
    expect(builder.values!.mock.calls[0]![0]).toMatchObject({
      displayName: 'Mentor',
      role: Role.MENTOR,
      emailVerifiedAt: expect.any(Date),
    });
  });

  it('refuses an address that already has an account with CONFLICT on email', async () => {
    const { sut, users } = setup();
    users.createQueryBuilder.mockReturnValue(asBuilder(queryBuilder([])));
    await expect(sut.create({ email: 'ada@example.com', password: 'x' })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'email' },
    });
    expect(users.findOneByOrFail).not.toHaveBeenCalled();
  });

  it('answers the account only for the right password, and the same for an unknown address', async () => {
    const { sut, users } = setup();
    users.findOneBy.mockResolvedValue(stored());
    await expect(sut.verifyPassword('ADA@example.com', 'the right passphrase')).resolves.toEqual(stored());
    expect(users.findOneBy).toHaveBeenCalledWith({ email: 'ada@example.com' });
    await expect(sut.verifyPassword('ada@example.com', 'a wrong one')).resolves.toBeUndefined();
    users.findOneBy.mockResolvedValue(null);
    await expect(sut.verifyPassword('nobody@example.com', 'the right passphrase')).resolves.toBeUndefined();
  });

  it('finds accounts by normalised address and by id', async () => {
    const { sut, users } = setup();
    users.findOneBy.mockResolvedValue(stored());
    await expect(sut.findByEmail(' ADA@example.com')).resolves.toEqual(stored());
    expect(users.findOneBy).toHaveBeenLastCalledWith({ email: 'ada@example.com' });
    await sut.findById(USER_ID);
    expect(users.findOneBy).toHaveBeenLastCalledWith({ id: USER_ID });
    expect(normaliseEmail('  MiXeD@Case.org ')).toBe('mixed@case.org');
  });

  it('looks up names and addresses of many accounts in one query, none for no ids', async () => {
    const { sut, users } = setup();
    await expect(sut.displayNames([])).resolves.toEqual(new Map());
    await expect(sut.emails([])).resolves.toEqual(new Map());
    expect(users.find).not.toHaveBeenCalled();
    users.find.mockResolvedValue([stored(), stored({ id: 'u-2', email: 'bo@example.com', displayName: 'Bo' })]);
    await expect(sut.displayNames(['u-1', 'u-2', 'gone'])).resolves.toEqual(
      new Map([
        ['u-1', 'Ada'],
        ['u-2', 'Bo'],
      ]),
    );
    expect(users.find).toHaveBeenCalledWith(expect.objectContaining({ where: { id: In(['u-1', 'u-2', 'gone']) } }));
    await expect(sut.emails(['u-1', 'u-2'])).resolves.toEqual(
      new Map([
        ['u-1', 'ada@example.com'],
        ['u-2', 'bo@example.com'],
      ]),
    );
  });

  it('tells whether an address was verified', async () => {
    const { sut, users } = setup();
    users.findOne.mockResolvedValueOnce(stored()).mockResolvedValueOnce(stored({ emailVerifiedAt: new Date() }));
    await expect(sut.emailStatus(USER_ID)).resolves.toEqual({ email: 'ada@example.com', verified: false });
    await expect(sut.emailStatus(USER_ID)).resolves.toEqual({ email: 'ada@example.com', verified: true });
    users.findOne.mockResolvedValue(null);
    await expect(sut.emailStatus('gone')).resolves.toBeUndefined();
  });

  it('gives a session check the current role and token version, nothing more', async () => {
    const { sut, users } = setup();
    users.findOne.mockResolvedValue(stored({ role: Role.HIRING_MANAGER }));
    await expect(sut.findSessionUser(USER_ID)).resolves.toEqual({
      id: USER_ID,
      role: Role.HIRING_MANAGER,
      email: 'ada@example.com',
      tokenVersion: 2,
    });
    users.findOne.mockResolvedValue(null);
    await expect(sut.findSessionUser('gone')).resolves.toBeUndefined();
  });
});

describe('UsersService: sessions and passwords', () => {
  it('ends every session by bumping the token version in the database', async () => {
    const { sut, users } = setup();
    const builder = queryBuilder([{ token_version: 3 }]);
    users.createQueryBuilder.mockReturnValue(asBuilder(builder));
    await expect(sut.endSessions(USER_ID)).resolves.toBe(3);
    const set = builder.set!.mock.calls[0]![0] as { tokenVersion: () => string };
    expect(set.tokenVersion()).toBe('token_version + 1');
    expect(builder.where).toHaveBeenCalledWith('id = :id', { id: USER_ID });
  });

  it('answers NOT_FOUND when ending the sessions of an account that is gone', async () => {
    const { sut, users } = setup();
    users.createQueryBuilder.mockReturnValue(asBuilder(queryBuilder([])));
    await expect(sut.endSessions('gone')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('changes nothing when the current password is wrong', async () => {
    const { sut, users, audit } = setup();
    users.findOneBy.mockResolvedValue(stored());
    await expect(sut.changePassword(USER_ID, 'a wrong one', 'another passphrase')).resolves.toBeUndefined();
    expect(users.update).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('stores the new hash and revokes earlier sessions in one update, and audits the change', async () => {
    const { sut, users, audit } = setup();
    users.findOneBy.mockResolvedValue(stored());
    users.findOneByOrFail.mockResolvedValue(stored({ tokenVersion: 3 }));
    await expect(sut.changePassword(USER_ID, 'the right passphrase', 'another passphrase')).resolves.toMatchObject({
      tokenVersion: 3,
    });
    expect(users.update).toHaveBeenCalledTimes(1);
    const [where, set] = users.update.mock.calls[0]! as [object, { passwordHash: string; tokenVersion: () => string }];
    expect(where).toEqual({ id: USER_ID });
    expect(set.tokenVersion()).toBe('token_version + 1');
    await expect(argon2.verify(set.passwordHash, 'another passphrase')).resolves.toBe(true);
    expect(audit.record).toHaveBeenCalledWith(USER_ID, 'user.password_changed', 'user', USER_ID);
  });

  it('answers NOT_FOUND for a password change of an account that is gone', async () => {
    const { sut, users } = setup();
    users.findOneBy.mockResolvedValue(null);
    await expect(sut.changePassword('gone', 'x', 'y')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('UsersService: roles', () => {
  it('a new role ends the account sessions and is audited with the actor, from and to', async () => {
    const { sut, users, audit } = setup();
    users.findOneBy.mockResolvedValue(stored());
    await expect(sut.setRole(admin, 'ADA@example.com', Role.MENTOR)).resolves.toMatchObject({ role: Role.MENTOR });
    expect(users.findOneBy).toHaveBeenCalledWith({ email: 'ada@example.com' });
    const [where, set] = users.update.mock.calls[0]! as [object, { role: Role; tokenVersion: () => string }];
    expect(where).toEqual({ id: USER_ID });
    expect(set.role).toBe(Role.MENTOR);
    expect(set.tokenVersion()).toBe('token_version + 1');
    expect(audit.record).toHaveBeenCalledWith('admin-1', 'user.role_changed', 'user', USER_ID, {
      from: Role.CANDIDATE,
      to: Role.MENTOR,
    });
  });

  it('the same role again keeps the sessions but is still audited; an operator without account is recorded as null', async () => {
    const { sut, users, audit } = setup();
    users.findOneBy.mockResolvedValue(stored({ role: Role.MENTOR }));
    await sut.setRole(undefined, 'ada@example.com', Role.MENTOR);
    expect(users.update).not.toHaveBeenCalled();
    expect(audit.record).toHaveBeenCalledWith(null, 'user.role_changed', 'user', USER_ID, {
      from: Role.MENTOR,
      to: Role.MENTOR,
    });
  });

  it('answers NOT_FOUND naming the normalised address of an unknown account', async () => {
    const { sut, users, audit } = setup();
    users.findOneBy.mockResolvedValue(null);
    await expect(sut.setRole(admin, ' Nobody@Example.com', Role.ADMIN)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'A user with email nobody@example.com was not found',
    });
    expect(audit.record).not.toHaveBeenCalled();
  });
});
