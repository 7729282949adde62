import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { isCommonPassword, passwordProblem } from '../users/password-policy.js';
import { loginDelaySeconds } from './rate-limits.js';
import { readCookie, sessionToken } from './session-transport.js';

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
});
