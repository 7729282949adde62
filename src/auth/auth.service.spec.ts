import { describe, expect, it, jest } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser, RequestContext } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { DomainError } from '../common/domain-error.js';
import { validateConfig } from '../config/config.js';
import type { UserEntity } from '../users/user.entity.js';
import { AuthService } from './auth.service.js';
import type { LoginAttempt } from './rate-limits.js';
import { SESSION_COOKIE } from './session-transport.js';

const config = validateConfig({ TRUST_PROXY: 'loopback' });
const USER_ID = '0b6c2d36-58f4-4c77-9a8e-1c1f1b7b0a01';
const account = { id: USER_ID, email: 'ada@example.com', role: Role.CANDIDATE, tokenVersion: 3 } as UserEntity;
const caller: AuthUser = { id: USER_ID, role: Role.CANDIDATE, email: 'ada@example.com' };

/** An HTTP request from `address` (through the loopback proxy when forwarded), with a response that takes cookies. */
function httpContext(opts: { address?: string; forwardedFor?: string; authorization?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.forwardedFor) headers['x-forwarded-for'] = opts.forwardedFor;
  if (opts.authorization) headers.authorization = opts.authorization;
  const res = { cookie: jest.fn(), clearCookie: jest.fn() };
  const ctx = {
    req: { headers, socket: { remoteAddress: opts.address ?? '203.0.113.7' } },
    res,
  } as unknown as RequestContext;
  return { ctx, res };
}

function setup() {
  const { sut, mocks } = newTestService(AuthService, { 0: config });
  const [, users, tokens, limits] = mocks;
  const attempt = { succeeded: jest.fn(async () => undefined) } satisfies LoginAttempt;
  limits.loginAttempt.mockResolvedValue(attempt);
  limits.registration.mockResolvedValue(undefined);
  tokens.issue.mockReturnValue('signed-token');
  return { sut, users, tokens, limits, attempt };
}

const rateLimited = () => new DomainError('RATE_LIMITED', 'Too many', { retryAfterSeconds: 30 });

describe('AuthService: which session token is believed', () => {
  it('answers nobody for a token that does not verify, without reading the account', async () => {
    const { sut, users, tokens } = setup();
    tokens.verify.mockReturnValue(undefined);
    await expect(sut.userForToken('forged')).resolves.toBeUndefined();
    expect(users.findSessionUser).not.toHaveBeenCalled();
  });

  it('answers nobody for a token of an earlier session generation (signed out, password or role changed)', async () => {
    const { sut, users, tokens } = setup();
    tokens.verify.mockReturnValue({ sub: USER_ID, ver: 2 });
    users.findSessionUser.mockResolvedValue({ ...caller, tokenVersion: 3 });
    await expect(sut.userForToken('old')).resolves.toBeUndefined();
  });

  it('answers nobody for the token of a deleted account', async () => {
    const { sut, users, tokens } = setup();
    tokens.verify.mockReturnValue({ sub: USER_ID, ver: 3 });
    users.findSessionUser.mockResolvedValue(undefined);
    await expect(sut.userForToken('orphan')).resolves.toBeUndefined();
  });

  it('takes the role from the account, not from the token', async () => {
    const { sut, users, tokens } = setup();
    tokens.verify.mockReturnValue({ sub: USER_ID, ver: 3 });
    users.findSessionUser.mockResolvedValue({ ...caller, role: Role.ADMIN, tokenVersion: 3 });
    await expect(sut.userForToken('current')).resolves.toEqual({ ...caller, role: Role.ADMIN });
    expect(users.findSessionUser).toHaveBeenCalledWith(USER_ID);
  });

  it('authenticates a request by its Bearer token', async () => {
    const { sut, users, tokens } = setup();
    tokens.verify.mockReturnValue({ sub: USER_ID, ver: 3 });
    users.findSessionUser.mockResolvedValue({ ...caller, tokenVersion: 3 });
    await expect(sut.authenticate(httpContext({ authorization: 'Bearer abc.def' }).ctx)).resolves.toEqual(caller);
    expect(tokens.verify).toHaveBeenCalledWith('abc.def');
  });

  it('sees the client address through trusted proxies only', () => {
    const { sut } = setup();
    expect(sut.clientAddress(httpContext({ address: '127.0.0.1', forwardedFor: '198.51.100.4' }).ctx)).toBe(
      '198.51.100.4',
    );
    expect(sut.clientAddress(httpContext({ address: '203.0.113.7', forwardedFor: '198.51.100.4' }).ctx)).toBe(
      '203.0.113.7',
    );
  });
});

describe('AuthService: registration', () => {
  it('charges the client address before creating the account, then signs it in with a cookie', async () => {
    const { sut, users, tokens, limits } = setup();
    users.create.mockResolvedValue(account);
    const { ctx, res } = httpContext();
    const input = { email: 'Ada@Example.com', password: 'a long passphrase', displayName: 'Ada' };
    await expect(sut.register(input, ctx)).resolves.toEqual({ token: 'signed-token', user: account });
    expect(limits.registration).toHaveBeenCalledWith('203.0.113.7');
    expect(limits.registration.mock.invocationCallOrder[0]).toBeLessThan(users.create.mock.invocationCallOrder[0]!);
    expect(users.create).toHaveBeenCalledWith(input);
    expect(tokens.issue).toHaveBeenCalledWith(account);
    expect(res.cookie).toHaveBeenCalledWith(
      SESSION_COOKIE,
      'signed-token',
      expect.objectContaining({ httpOnly: true, sameSite: 'lax', maxAge: config.JWT_EXPIRES_IN_SECONDS * 1000 }),
    );
  });

  it('creates no account when the address is over its registration budget', async () => {
    const { sut, users, limits } = setup();
    limits.registration.mockRejectedValue(rateLimited());
    await expect(sut.register({ email: 'a@b.c', password: 'x' }, httpContext().ctx)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(users.create).not.toHaveBeenCalled();
  });
});

describe('AuthService: sign-in', () => {
  it('refuses a wrong email or password with UNAUTHENTICATED and leaves the failure counted', async () => {
    const { sut, users, tokens, attempt } = setup();
    users.verifyPassword.mockResolvedValue(undefined);
    await expect(sut.login({ email: 'ada@example.com', password: 'wrong' }, httpContext().ctx)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Wrong email or password',
    });
    expect(attempt.succeeded).not.toHaveBeenCalled();
    expect(tokens.issue).not.toHaveBeenCalled();
  });

  it('counts attempts per normalised address and client, and clears them on the right password', async () => {
    const { sut, users, limits, attempt } = setup();
    users.verifyPassword.mockResolvedValue(account);
    const { ctx, res } = httpContext();
    await expect(sut.login({ email: '  ADA@example.com ', password: 'right' }, ctx)).resolves.toEqual({
      token: 'signed-token',
      user: account,
    });
    expect(limits.loginAttempt).toHaveBeenCalledWith('ada@example.com', '203.0.113.7');
    expect(attempt.succeeded).toHaveBeenCalledTimes(1);
    expect(res.cookie).toHaveBeenCalledWith(SESSION_COOKIE, 'signed-token', expect.anything());
  });

  it('checks no password while the account or address is made to wait', async () => {
    const { sut, users, limits } = setup();
    limits.loginAttempt.mockRejectedValue(rateLimited());
    await expect(sut.login({ email: 'ada@example.com', password: 'guess' }, httpContext().ctx)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 30 },
    });
    expect(users.verifyPassword).not.toHaveBeenCalled();
  });
});

describe('AuthService: sign-out and password change', () => {
  it('signing out revokes every session of the account and clears the cookie', async () => {
    const { sut, users } = setup();
    users.endSessions.mockResolvedValue(4);
    const { ctx, res } = httpContext();
    await expect(sut.signOut(caller, ctx)).resolves.toBe(true);
    expect(users.endSessions).toHaveBeenCalledWith(USER_ID);
    expect(res.clearCookie).toHaveBeenCalledWith(SESSION_COOKIE, expect.objectContaining({ httpOnly: true }));
  });

  it('a graphql-ws operation (no response) signs out without a cookie to clear', async () => {
    const { sut, users } = setup();
    await expect(sut.signOut(caller, {})).resolves.toBe(true);
    expect(users.endSessions).toHaveBeenCalledWith(USER_ID);
  });

  it('refuses a wrong current password as BAD_USER_INPUT on currentPassword, throttled like a sign-in', async () => {
    const { sut, users, limits, attempt, tokens } = setup();
    users.changePassword.mockResolvedValue(undefined);
    const input = { currentPassword: 'guess', newPassword: 'another long one' };
    const refusal = sut.changePassword(caller, input, httpContext().ctx);
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'currentPassword' } });
    expect(limits.loginAttempt).toHaveBeenCalledWith(caller.email, '203.0.113.7');
    expect(attempt.succeeded).not.toHaveBeenCalled();
    expect(tokens.issue).not.toHaveBeenCalled();
  });

  it('a changed password continues this session with a token of the new generation', async () => {
    const { sut, users, tokens, attempt } = setup();
    const changed = { ...account, tokenVersion: 4 } as UserEntity;
    users.changePassword.mockResolvedValue(changed);
    const input = { currentPassword: 'right', newPassword: 'another long one' };
    await expect(sut.changePassword(caller, input, httpContext().ctx)).resolves.toEqual({
      token: 'signed-token',
      user: changed,
    });
    expect(users.changePassword).toHaveBeenCalledWith(USER_ID, 'right', 'another long one');
    expect(tokens.issue).toHaveBeenCalledWith(expect.objectContaining({ tokenVersion: 4 }));
    expect(attempt.succeeded).toHaveBeenCalledTimes(1);
  });
});
