/**
 * Where a request's session token comes from, on either transport, and the browser cookie.
 *
 *   - API clients: `Authorization: Bearer <token>` (HTTP) or `connectionParams.authorization` (graphql-ws).
 *   - Browsers: the httpOnly `dojo_session` cookie set at sign-in (SameSite=Lax, Secure in
 *     production), which no script can read. A cookie is believed only where a cross-site page
 *     could not have sent it: over HTTP when the request has a non-simple content type
 *     (application/json…) or a `x-apollo-operation-name` / `apollo-require-preflight` header,
 *     which a cross-site form cannot send without a CORS preflight (this service answers none);
 *     over WebSocket when the Origin, if any, is this host.
 */
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../config/config.js';
import { clientAddress, type TrustFunction } from '../config/trust-proxy.js';
import type { RequestContext } from '../access/access.decorators.js';
import { bearerToken } from './token.service.js';

export const SESSION_COOKIE = 'dojo_session';

export interface SessionToken {
  token?: string;
  via: 'bearer' | 'cookie' | 'none';
}

/** The upgrade request of a graphql-ws operation, or the HTTP request. */
export function transportRequest(ctx: RequestContext): IncomingMessage | undefined {
  if (ctx.extra?.request) return ctx.extra.request;
  return ctx.req && typeof ctx.req.headers === 'object' && ctx.req.socket ? ctx.req : undefined;
}

export function isWebSocket(ctx: RequestContext): boolean {
  return ctx.extra?.request !== undefined;
}

/** The caller's address (X-Forwarded-For only as far as TRUST_PROXY allows). */
export function callerAddress(ctx: RequestContext, trust: TrustFunction): string {
  const req = transportRequest(ctx);
  return req ? clientAddress(req, trust) : 'unknown';
}

export function sessionToken(ctx: RequestContext): SessionToken {
  const ws = isWebSocket(ctx);
  const req = transportRequest(ctx);
  const header = ws
    ? (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? req?.headers.authorization)
    : req?.headers.authorization;
  if (header !== undefined) {
    const token = bearerToken(header);
    return token ? { token, via: 'bearer' } : { via: 'none' };
  }
  const cookie = req ? readCookie(req.headers.cookie, SESSION_COOKIE) : undefined;
  if (!cookie || !req) return { via: 'none' };
  const safe = ws ? sameOrigin(req) : preflighted(req);
  return safe ? { token: cookie, via: 'cookie' } : { via: 'none' };
}

const SIMPLE_CONTENT_TYPES = new Set(['', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** A request a cross-site page could only send after a CORS preflight (the same rule as Apollo's CSRF prevention). */
function preflighted(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!SIMPLE_CONTENT_TYPES.has(type)) return true;
  return Boolean(req.headers['x-apollo-operation-name'] || req.headers['apollo-require-preflight']);
}

/** A WebSocket opened by a page of this host, or by a client that is not a browser (no Origin). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function cookieOptions(config: AppConfig) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.NODE_ENV === 'production',
    path: '/',
  };
}

/** Sets the browser session (HTTP only; a graphql-ws operation has no response to set it on). */
export function setSessionCookie(ctx: RequestContext, token: string, config: AppConfig): void {
  ctx.res?.cookie(SESSION_COOKIE, token, { ...cookieOptions(config), maxAge: config.JWT_EXPIRES_IN_SECONDS * 1000 });
}

export function clearSessionCookie(ctx: RequestContext, config: AppConfig): void {
  ctx.res?.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
