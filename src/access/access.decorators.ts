import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
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

export interface RequestContext {
  req?: { headers?: Record<string, string | string[] | undefined>; user?: AuthUser };
  user?: AuthUser;
  connectionParams?: Record<string, unknown>;
}

export function requestContext(context: ExecutionContext): RequestContext {
  return GqlExecutionContext.create(context).getContext<RequestContext>();
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser | undefined => {
  const ctx = requestContext(context);
  return ctx.user ?? ctx.req?.user;
});
