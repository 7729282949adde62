import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '../../src/access/role.enum.js';
import { UserEntity } from '../../src/users/user.entity.js';
import type { TestApi } from '../support/test-app.js';
import type { Db } from './rows.js';

let n = 0;
/** Input for a new account with a unique email. */
export function userInput(overrides: Partial<{ email: string; password: string; displayName: string }> = {}) {
  n += 1;
  return {
    email: `candidate${n}-${randomBytes(3).toString('hex')}@example.com`,
    password: 'correct horse battery staple',
    displayName: `Candidate ${n}`,
    ...overrides,
  };
}

export const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { token user { id email role displayName } } }`;
export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { token user { id email role } } }`;

/** An account row with a real argon2id hash of `password`, so LOGIN works with it; its address verified unless `verified: false`. */
export async function createUser(
  db: Db,
  overrides: Partial<{ email: string; password: string; displayName: string; role: Role; verified: boolean }> = {},
): Promise<{ user: UserEntity; password: string }> {
  const { verified = true, ...rest } = overrides;
  const { password, ...input } = userInput(rest);
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
  const user = await db.getRepository(UserEntity).save({
    ...input,
    email: input.email.toLowerCase(),
    passwordHash,
    role: rest.role ?? Role.CANDIDATE,
    // Accounts made here have verified their address unless told otherwise (an invitation needs it).
    emailVerifiedAt: verified ? new Date() : null,
  });
  return { user, password };
}

/** createUser, then LOGIN through the API: the account and its bearer token. */
export async function signedInUser(
  api: Pick<TestApi, 'app' | 'gql'>,
  role?: Role,
): Promise<{ user: UserEntity; token: string; email: string }> {
  const { user, password } = await createUser(api.app.get(DataSource), { role });
  const login = await api.gql<{ login: { token: string } }>(LOGIN, { input: { email: user.email, password } });
  if (!login.data) throw new Error(`login of a factory user failed: ${JSON.stringify(login.errors)}`);
  return { user, token: login.data.login.token, email: user.email };
}

/**
 * Marks an account's address verified, as opening the link of its verification mail does
 * (test/account-email.int-spec.ts covers the link itself): for accounts made through REGISTER.
 */
export async function markEmailVerified(api: Pick<TestApi, 'app'>, email: string): Promise<void> {
  await api.app
    .get(DataSource)
    .getRepository(UserEntity)
    .update({ email: email.toLowerCase() }, { emailVerifiedAt: new Date() });
}
