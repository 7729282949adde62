import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { IncomingMessage } from 'node:http';
import type { CookieOptions } from 'express';
import type { Role } from './role.enum.js';

/*
 * Who may do what: the roles, the metadata decorators resolvers carry, and the signed-in caller.
 * Its own place below every feature, so users, audit and auth can all use it without importing
 * one another (auth's guard reads this metadata and looks the caller up in users).
 */

export const ROLES_KEY = 'dojo:roles';
export const AUTHENTICATED_KEY = 'dojo:authenticated';

/** The caller must be signed in. */
export const Authenticated = () => SetMetadata(AUTHENTICATED_KEY, true);
/** The caller must be signed in with one of these roles (ADMIN passes every role check). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthUser {
  id: string;
  role: Role;
  email: string;
}

/**
 * The GraphQL context on both transports. HTTP: `req`/`res` are Express's. graphql-ws: one
 * context per operation with the connection's `connectionParams` and `extra.request` (the
 * upgrade request); Nest also sets `req` to that graphql-ws context, so `req.user` is never
 * trusted there.
 */
export interface RequestContext {
  req?: IncomingMessage & { user?: AuthUser };
  res?: {
    cookie(name: string, value: string, options: CookieOptions): unknown;
    clearCookie(name: string, options: CookieOptions): unknown;
  };
  user?: AuthUser;
  /** Set once the caller was looked up for this operation (user may still be undefined: anonymous). */
  authenticated?: boolean;
  connectionParams?: Record<string, unknown>;
  extra?: { request?: IncomingMessage };
}

export function requestContext(context: ExecutionContext): RequestContext {
  return GqlExecutionContext.create(context).getContext<RequestContext>();
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser | undefined => {
  return requestContext(context).user;
});

/** The GraphQL context of this operation (a custom decorator, so input pipes leave it alone). */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  return requestContext(context);
});
