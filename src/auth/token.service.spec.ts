import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { validateConfig } from '../config/config.js';
import { bearerToken, TokenService } from './token.service.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const USER_ID = '0b6c2d36-58f4-4c77-9a8e-1c1f1b7b0a01';

async function started(env: Record<string, string> = { JWT_SECRET: SECRET }) {
  const { sut, mocks } = newTestService(TokenService, { 0: validateConfig(env) });
  const [, secrets] = mocks;
  secrets.getOrCreate.mockResolvedValue('a-secret-kept-in-the-database-for-all-processes');
  await sut.onModuleInit();
  return { sut, secrets };
}

/** A token signed by someone else's rules: another key, issuer or expiry. */
const foreign = (payload: object, secret = SECRET, options: { issuer?: string; expiresIn?: number } = {}) =>
  new JwtService({ secret }).sign(payload, { issuer: 'tensor-dojo', algorithm: 'HS256', ...options });

describe('TokenService', () => {
  it('signs with JWT_SECRET when it is set, without touching the database', async () => {
    const { sut, secrets } = await started();
    expect(secrets.getOrCreate).not.toHaveBeenCalled();
    const token = sut.issue({ id: USER_ID, tokenVersion: 0 });
    expect(new JwtService({ secret: SECRET }).verify(token)).toMatchObject({ sub: USER_ID, ver: 0 });
  });

  it('otherwise signs with the secret shared through the database, never a well-known key', async () => {
    const { sut, secrets } = await started({});
    expect(secrets.getOrCreate).toHaveBeenCalledWith('jwt');
    const token = sut.issue({ id: USER_ID, tokenVersion: 5 });
    expect(() => new JwtService({ secret: SECRET }).verify(token)).toThrow();
    expect(sut.verify(token)).toEqual({ sub: USER_ID, ver: 5 });
  });

  it('reads back whose token it is and which session generation', async () => {
    const { sut } = await started();
    expect(sut.verify(sut.issue({ id: USER_ID, tokenVersion: 7 }))).toEqual({ sub: USER_ID, ver: 7 });
  });

  it('believes no missing, malformed, forged, foreign-issuer or expired token', async () => {
    const { sut } = await started();
    const claims = { sub: USER_ID, ver: 1 };
    expect(sut.verify(undefined)).toBeUndefined();
    expect(sut.verify('')).toBeUndefined();
    expect(sut.verify('not.a.jwt')).toBeUndefined();
    expect(sut.verify(foreign(claims, 'another-secret-of-at-least-thirty-two-chars'))).toBeUndefined();
    expect(sut.verify(foreign(claims, SECRET, { issuer: 'someone-else' }))).toBeUndefined();
    expect(sut.verify(foreign(claims, SECRET, { expiresIn: -10 }))).toBeUndefined();
    expect(sut.verify(foreign(claims))).toEqual(claims);
  });

  it('treats a well-signed token without a uuid and an integer version as nobody', async () => {
    const { sut } = await started();
    expect(sut.verify(foreign({ sub: 'admin', ver: 1 }))).toBeUndefined();
    expect(sut.verify(foreign({ sub: USER_ID, ver: '1' }))).toBeUndefined();
    expect(sut.verify(foreign({ sub: USER_ID, ver: 1.5 }))).toBeUndefined();
    expect(sut.verify(foreign({ sub: USER_ID }))).toBeUndefined();
  });

  it('refuses to sign or check before its key is loaded', () => {
    const { sut } = newTestService(TokenService, { 0: validateConfig({ JWT_SECRET: SECRET }) });
    expect(() => sut.issue({ id: USER_ID, tokenVersion: 0 })).toThrow(/before its module was initialised/);
  });
});

describe('bearerToken', () => {
  it('reads "Bearer <token>" in any case and with spaces around, and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('  bearer   abc.def ')).toBe('abc.def');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer two words')).toBeUndefined();
    expect(bearerToken(['Bearer abc'])).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
