import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser, RequestContext } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { UserEntity } from '../users/user.entity.js';
import { AccountEmailResolver } from './account-email.resolver.js';
import { AuthResolver } from './auth.resolver.js';

const caller: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'ada@example.com' };
const ctx = {} as RequestContext;
const user = { id: 'u-1', email: 'ada@example.com' } as UserEntity;
const payload = { token: 't', user };

describe('AuthResolver', () => {
  it('lets anyone register and sign in; signing out and changing the password need a session', () => {
    expect(whoMay(AuthResolver, 'register')).toBe('anyone');
    expect(whoMay(AuthResolver, 'login')).toBe('anyone');
    expect(whoMay(AuthResolver, 'signOut')).toBe('signed in');
    expect(whoMay(AuthResolver, 'changePassword')).toBe('signed in');
  });

  it('sends the verification link to a newly registered account, after the account exists', async () => {
    const { sut, mocks } = newTestService(AuthResolver);
    const [auth, accountEmail] = mocks;
    auth.register.mockResolvedValue(payload);
    const input = { email: 'ada@example.com', password: 'a long passphrase' };
    await expect(sut.register(input, ctx)).resolves.toBe(payload);
    expect(auth.register).toHaveBeenCalledWith(input, ctx);
    expect(accountEmail.sendVerificationQuietly).toHaveBeenCalledWith(user);
  });

  it('sends no link when registration is refused', async () => {
    const { sut, mocks } = newTestService(AuthResolver);
    const [auth, accountEmail] = mocks;
    auth.register.mockRejectedValue(new Error('CONFLICT'));
    await expect(sut.register({ email: 'ada@example.com', password: 'x' }, ctx)).rejects.toThrow('CONFLICT');
    expect(accountEmail.sendVerificationQuietly).not.toHaveBeenCalled();
  });

  it('passes sign-in, sign-out and password change to the service with the caller and context', async () => {
    const { sut, mocks } = newTestService(AuthResolver);
    const [auth] = mocks;
    auth.login.mockResolvedValue(payload);
    auth.signOut.mockResolvedValue(true);
    auth.changePassword.mockResolvedValue(payload);
    const login = { email: 'ada@example.com', password: 'x' };
    await expect(sut.login(login, ctx)).resolves.toBe(payload);
    expect(auth.login).toHaveBeenCalledWith(login, ctx);
    await expect(sut.signOut(caller, ctx)).resolves.toBe(true);
    expect(auth.signOut).toHaveBeenCalledWith(caller, ctx);
    const change = { currentPassword: 'x', newPassword: 'y' };
    await expect(sut.changePassword(caller, change, ctx)).resolves.toBe(payload);
    expect(auth.changePassword).toHaveBeenCalledWith(caller, change, ctx);
  });
});

describe('AccountEmailResolver', () => {
  it('asks for a session only to request a new verification link', () => {
    expect(whoMay(AccountEmailResolver, 'requestEmailVerification')).toBe('signed in');
    expect(whoMay(AccountEmailResolver, 'verifyEmail')).toBe('anyone');
    expect(whoMay(AccountEmailResolver, 'requestPasswordReset')).toBe('anyone');
    expect(whoMay(AccountEmailResolver, 'resetPassword')).toBe('anyone');
  });

  it('passes each link operation to the service', async () => {
    const { sut, mocks } = newTestService(AccountEmailResolver);
    const [service] = mocks;
    service.requestVerification.mockResolvedValue(true);
    service.verify.mockResolvedValue(user);
    service.requestReset.mockResolvedValue(true);
    service.reset.mockResolvedValue(true);
    await expect(sut.requestEmailVerification(caller, ctx)).resolves.toBe(true);
    expect(service.requestVerification).toHaveBeenCalledWith(caller, ctx);
    await expect(sut.verifyEmail('tok')).resolves.toBe(user);
    expect(service.verify).toHaveBeenCalledWith('tok');
    await expect(sut.requestPasswordReset('ada@example.com', ctx)).resolves.toBe(true);
    expect(service.requestReset).toHaveBeenCalledWith('ada@example.com', ctx);
    await expect(sut.resetPassword({ token: 'tok', newPassword: 'a brand new one' })).resolves.toBe(true);
    expect(service.reset).toHaveBeenCalledWith('tok', 'a brand new one');
  });
});
