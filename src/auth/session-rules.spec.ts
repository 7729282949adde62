import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { isCommonPassword, passwordProblem } from '../users/password-policy.js';
import { loginDelaySeconds } from './rate-limits.js';
import { validateConfig, type AppConfig } from '../config/config.js';
import { readCookie, sessionToken, setSessionCookie } from './session-transport.js';

const http = (headers: Record<string, string>) =>
  ({ req: { headers, socket: {} as unknown } }) as unknown as Parameters<typeof sessionToken>[0];
const ws = (headers: Record<string, string>, connectionParams?: Record<string, unknown>) =>
  ({ connectionParams, extra: { request: { headers, socket: {} } as unknown as IncomingMessage } }) as Parameters<
    typeof sessionToken
  >[0];

describe('session rules', () => {
  it('doubles the sign-in wait from the base up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 11, 60].map((n) => loginDelaySeconds(n, 1, 900))).toEqual([1, 2, 4, 8, 16, 900, 900]);
  });

  it('refuses common passwords case-insensitively and names the length limits', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PASSWORD')).toBe(true);
    expect(isCommonPassword('correct horse battery staple')).toBe(false);
    expect(passwordProblem('12345678')).toMatch(/most common/);
    expect(passwordProblem('short')).toBe('must be 8 to 200 characters long');
  });

  it('reads the session cookie among others', () => {
    expect(readCookie('a=1; dojo_session=abc.def; b=2', 'dojo_session')).toBe('abc.def');
    expect(readCookie('dojo_session_x=1', 'dojo_session')).toBeUndefined();
    expect(readCookie(undefined, 'dojo_session')).toBeUndefined();
  });

  it('believes a cookie only on requests a cross-site form cannot send', () => {
    const cookie = 'dojo_session=tok';
    expect(sessionToken(http({ cookie, 'content-type': 'application/json' }))).toEqual({ token: 'tok', via: 'cookie' });
    expect(sessionToken(http({ cookie, 'content-type': 'text/plain' }))).toEqual({ via: 'none' });
    expect(sessionToken(http({ cookie, 'content-type': 'application/x-www-form-urlencoded' }))).toEqual({
      via: 'none',
    });
    expect(sessionToken(http({ cookie, 'apollo-require-preflight': 'true' }))).toEqual({ token: 'tok', via: 'cookie' });
    // Bearer wins over the cookie.
    expect(sessionToken(http({ cookie, authorization: 'Bearer b', 'content-type': 'text/plain' }))).toEqual({
      token: 'b',
      via: 'bearer',
    });
  });

  it('believes a WebSocket cookie only from this origin, and connection params first', () => {
    const cookie = 'dojo_session=tok';
    expect(sessionToken(ws({ cookie, host: 'dojo.example', origin: 'https://dojo.example' }))).toEqual({
      token: 'tok',
      via: 'cookie',
    });
    expect(sessionToken(ws({ cookie, host: 'dojo.example', origin: 'https://evil.example' }))).toEqual({
      via: 'none',
    });
    expect(sessionToken(ws({ cookie, host: 'dojo.example' }, { authorization: 'Bearer p' }))).toEqual({
      token: 'p',
      via: 'bearer',
    });
  });

  it('marks the cookie Secure in production only', () => {
    const set = (NODE_ENV: AppConfig['NODE_ENV']) => {
      const calls: unknown[][] = [];
      const res = { cookie: (...a: unknown[]) => calls.push(a), clearCookie: () => undefined };
      setSessionCookie({ res }, 'tok', { NODE_ENV, JWT_EXPIRES_IN_SECONDS: 60 } as AppConfig);
      return calls[0]![2] as { secure: boolean; httpOnly: boolean; sameSite: string; maxAge: number };
    };
    expect(set('production')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', maxAge: 60_000 });
    expect(set('development')).toMatchObject({ secure: false, httpOnly: true });
  });

  it('has no built-in JWT secret: unset or empty means "generate one", a short one is refused', () => {
    expect(validateConfig({}).JWT_SECRET).toBeUndefined();
    expect(validateConfig({ JWT_SECRET: '' }).JWT_SECRET).toBeUndefined();
    expect(() => validateConfig({ JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET/);
  });
});
