import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import { Role } from '../access/role.enum.js';
import {
  AUTHENTICATED_KEY,
  ROLES_KEY,
  requestContext,
  type AuthUser,
  type RequestContext,
} from '../access/access.decorators.js';
import { AuthService } from './auth.service.js';
import { RateLimits } from './rate-limits.js';

/** The caller of one operation, looked up once however many root fields (aliases) it has. */
const CALLER = Symbol('dojo:caller');
type WithCaller = RequestContext & { [CALLER]?: Promise<AuthUser | undefined> };

/**
 * Global guard, run for every GraphQL root field on both transports (HTTP, and each graphql-ws
 * operation, which has a context of its own): resolves the caller through
 * AuthService.authenticate (Bearer token, connection params or session cookie; role and
 * revocation read from the database), charges the field to the caller's address and account
 * (RATE_LIMITED past the budget), then enforces @Authenticated() / @Roles(...).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const needsUser =
      roles !== undefined || this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets) === true;

    const ctx = requestContext(context) as WithCaller;
    ctx[CALLER] ??= this.auth.authenticate(ctx);
    const user = await ctx[CALLER];
    ctx.user = user;
    await this.limits.operation(this.auth.clientAddress(ctx), user?.id);

    if (!needsUser) return true;
    if (!user)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in first: send "Authorization: Bearer <token>" from login or register, or the session cookie. A token ends at sign-out, a password or role change, or expiry.',
      );
    if (roles && roles.length > 0 && user.role !== Role.ADMIN && !roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `This needs the role ${roles.join(' or ')}; you are ${user.role}`);
    }
    return true;
  }
}
