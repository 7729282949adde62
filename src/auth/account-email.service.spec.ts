import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import argon2 from 'argon2';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser, RequestContext } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { UserEntity } from '../users/user.entity.js';
import { AccountEmailService, resetLink, verifyLink } from './account-email.service.js';

const USER_ID = 'u-1';
const caller: AuthUser = { id: USER_ID, role: Role.CANDIDATE, email: 'ada@example.com' };
const unverified = { id: USER_ID, email: 'ada@example.com', emailVerifiedAt: null } as UserEntity;
const verified = { ...unverified, emailVerifiedAt: new Date('2026-01-01') } as UserEntity;
const ctx = {} as RequestContext;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function setup() {
  const { sut, mocks } = newTestService(AccountEmailService);
  const [users, tokens, mail, audit, limits, auth] = mocks;
  auth.clientAddress.mockReturnValue('203.0.113.7');
  limits.registration.mockResolvedValue(undefined);
  mail.url.mockImplementation((path: string) => `https://dojo.test${path}`);
  mail.send.mockResolvedValue(true);
  tokens.issue.mockResolvedValue(undefined);
  /** The one mail sent: its fields and the token its link carries. */
  const sent = () => {
    expect(mail.send).toHaveBeenCalledTimes(1);
    const message = mail.send.mock.calls[0]![0];
    return { ...message, token: new URL(message.link).searchParams.get('token')! };
  };
  return { sut, users, tokens, mail, audit, limits, sent };
}

let logged: jest.SpiedFunction<Logger['error']>;
beforeEach(() => {
  logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
});
afterEach(() => logged.mockRestore());

describe('AccountEmailService: verification links', () => {
  it('mails a 48-hour link and stores only the SHA-256 of its token', async () => {
    const { sut, users, tokens, limits, sent } = setup();
    users.findById.mockResolvedValue(unverified);
    await expect(sut.requestVerification(caller, ctx)).resolves.toBe(true);
    expect(limits.registration).toHaveBeenCalledWith('203.0.113.7');
    const mail = sent();
    expect(mail.to).toBe('ada@example.com');
    expect(mail.link).toBe(`https://dojo.test${verifyLink(mail.token)}`);
    expect(mail.text).toContain(mail.link);
    expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.issue).toHaveBeenCalledWith(
      USER_ID,
      'VERIFY_EMAIL',
      'ada@example.com',
      sha256(mail.token),
      48 * 3600,
    );
  });

  it('refuses a new link for an address already verified (CONFLICT), sending nothing', async () => {
    const { sut, users, mail, tokens } = setup();
    users.findById.mockResolvedValue(verified);
    await expect(sut.requestVerification(caller, ctx)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(tokens.issue).not.toHaveBeenCalled();
    expect(mail.send).not.toHaveBeenCalled();
  });

  it('answers NOT_FOUND for an account that no longer exists', async () => {
    const { sut, users } = setup();
    users.findById.mockResolvedValue(null);
    await expect(sut.requestVerification(caller, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sends nothing while the client address is over its registration budget', async () => {
    const { sut, users, limits, mail } = setup();
    limits.registration.mockRejectedValue(new Error('RATE_LIMITED'));
    await expect(sut.requestVerification(caller, ctx)).rejects.toThrow('RATE_LIMITED');
    expect(users.findById).not.toHaveBeenCalled();
    expect(mail.send).not.toHaveBeenCalled();
  });

  it('after registration a failed send is logged, never thrown', async () => {
    const { sut, mail } = setup();
    mail.send.mockRejectedValue(new Error('SMTP down'));
    await expect(sut.sendVerificationQuietly(unverified)).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('SMTP down'));
  });

  it('a used link marks the address verified, audits it and returns the account', async () => {
    const { sut, users, tokens, audit } = setup();
    tokens.consume.mockResolvedValue({ userId: USER_ID, email: 'ada@example.com' });
    users.findById.mockResolvedValue(verified);
    await expect(sut.verify('the-token')).resolves.toBe(verified);
    expect(tokens.consume).toHaveBeenCalledWith(sha256('the-token'), 'VERIFY_EMAIL');
    expect(tokens.markVerified).toHaveBeenCalledWith(USER_ID);
    expect(audit.record).toHaveBeenCalledWith(USER_ID, 'user.email_verified', 'user', USER_ID, {
      email: 'ada@example.com',
    });
  });

  it('refuses a used, expired or replaced link as BAD_USER_INPUT on token, changing nothing', async () => {
    const { sut, tokens, audit } = setup();
    tokens.consume.mockResolvedValue(undefined);
    await expect(sut.verify('stale')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'token' } });
    expect(tokens.markVerified).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });
});

describe('AccountEmailService: password reset', () => {
  it('answers true for an unknown address without issuing or sending anything', async () => {
    const { sut, users, tokens, mail } = setup();
    users.findByEmail.mockResolvedValue(null);
    await expect(sut.requestReset(' Nobody@Example.com ', ctx)).resolves.toBe(true);
    expect(users.findByEmail).toHaveBeenCalledWith('nobody@example.com');
    expect(tokens.issue).not.toHaveBeenCalled();
    expect(mail.send).not.toHaveBeenCalled();
  });

  it('mails a known address a one-hour single-use link, counted in the registration budget', async () => {
    const { sut, users, tokens, limits, sent } = setup();
    users.findByEmail.mockResolvedValue(unverified);
    await expect(sut.requestReset('ada@example.com', ctx)).resolves.toBe(true);
    expect(limits.registration).toHaveBeenCalledWith('203.0.113.7');
    const mail = sent();
    expect(mail.link).toBe(`https://dojo.test${resetLink(mail.token)}`);
    expect(tokens.issue).toHaveBeenCalledWith(USER_ID, 'RESET_PASSWORD', 'ada@example.com', sha256(mail.token), 3600);
  });

  it('a used reset link stores an argon2id hash of the new password, proves the address and audits', async () => {
    const { sut, tokens, audit } = setup();
    tokens.consume.mockResolvedValue({ userId: USER_ID, email: 'ada@example.com' });
    await expect(sut.reset('reset-token', 'a brand new passphrase')).resolves.toBe(true);
    expect(tokens.consume).toHaveBeenCalledWith(sha256('reset-token'), 'RESET_PASSWORD');
    const [userId, stored] = tokens.setPassword.mock.calls[0]!;
    expect(userId).toBe(USER_ID);
    expect(stored).toMatch(/^\$argon2id\$/);
    await expect(argon2.verify(stored, 'a brand new passphrase')).resolves.toBe(true);
    expect(tokens.markVerified).toHaveBeenCalledWith(USER_ID);
    expect(audit.record).toHaveBeenCalledWith(USER_ID, 'user.password_reset', 'user', USER_ID);
  });

  it('refuses a used or expired reset link as BAD_USER_INPUT on token, keeping the password', async () => {
    const { sut, tokens } = setup();
    tokens.consume.mockResolvedValue(undefined);
    await expect(sut.reset('stale', 'a brand new passphrase')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'token' },
    });
    expect(tokens.setPassword).not.toHaveBeenCalled();
  });
});
