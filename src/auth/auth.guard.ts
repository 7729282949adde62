import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import { Role } from '../access/role.enum.js';
import { AUTHENTICATED_KEY, ROLES_KEY, requestContext } from '../access/access.decorators.js';
import { bearerToken, TokenService } from './token.service.js';
import { UsersService } from '../users/users.service.js';

/**
 * Global guard: resolves the caller from the bearer token (HTTP header, or graphql-ws
 * connection params), then enforces @Authenticated() / @Roles(...) where present.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const needsUser =
      roles !== undefined || this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets) === true;

    const ctx = requestContext(context);
    const header =
      ctx.req?.headers?.authorization ?? ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
    // The role comes from the database, not the token, so a role change takes effect at once.
    const claimed = ctx.user ?? this.tokens.verify(bearerToken(header));
    const user = claimed && (ctx.user ? claimed : await this.users.findAuthUser(claimed.id));
    if (user) {
      ctx.user = user;
      if (ctx.req) ctx.req.user = user;
    }
    if (!needsUser) return true;
    if (!user)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in first: send "Authorization: Bearer <token>" from login or register',
      );
    if (roles && roles.length > 0 && user.role !== Role.ADMIN && !roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `This needs the role ${roles.join(' or ')}; you are ${user.role}`);
    }
    return true;
  }
}
