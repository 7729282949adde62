import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { trustProxy, type TrustFunction } from '../config/trust-proxy.js';
import { normaliseEmail, UsersService } from '../users/users.service.js';
import type { AuthUser, RequestContext } from '../access/access.decorators.js';
import type { AuthPayload } from './dto/auth-payload.type.js';
import type { ChangePasswordInput } from './dto/change-password.input.js';
import type { LoginInput } from './dto/login.input.js';
import type { RegisterInput } from './dto/register.input.js';
import { RateLimits } from './rate-limits.js';
import { callerAddress, clearSessionCookie, sessionToken, setSessionCookie } from './session-transport.js';
import { TokenService } from './token.service.js';

/**
 * Sessions: sign-up, sign-in (throttled), sign-out, password change, and the one check of a
 * session token that every transport uses (`userForToken`, `authenticate`).
 */
@Injectable()
export class AuthService {
  private readonly trust: TrustFunction;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly limits: RateLimits,
  ) {
    this.trust = trustProxy(config.TRUST_PROXY);
  }

  /**
   * The account a session token belongs to, with its current role; undefined when the token is
   * missing, forged, expired, or revoked (signed out, password or role changed since it was issued).
   */
  async userForToken(token: string | undefined): Promise<AuthUser | undefined> {
    const claims = this.tokens.verify(token);
    if (!claims) return undefined;
    const user = await this.users.findSessionUser(claims.sub);
    if (!user || user.tokenVersion !== claims.ver) return undefined;
    return { id: user.id, role: user.role, email: user.email };
  }

  /** The caller of one operation (HTTP request or graphql-ws operation), from its Bearer token or session cookie. */
  authenticate(ctx: RequestContext): Promise<AuthUser | undefined> {
    return this.userForToken(sessionToken(ctx).token);
  }

  /** The caller's client address, as the rate limits see it. */
  clientAddress(ctx: RequestContext): string {
    return callerAddress(ctx, this.trust);
  }

  async register(input: RegisterInput, ctx: RequestContext): Promise<AuthPayload> {
    await this.limits.registration(this.clientAddress(ctx));
    const user = await this.users.create(input);
    return this.signIn(ctx, user);
  }

  async login(input: LoginInput, ctx: RequestContext): Promise<AuthPayload> {
    const attempt = await this.limits.loginAttempt(normaliseEmail(input.email), this.clientAddress(ctx));
    const user = await this.users.verifyPassword(input.email, input.password);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Wrong email or password');
    await attempt.succeeded();
    return this.signIn(ctx, user);
  }

  /** Ends every session of the caller's account (all devices) and clears the browser cookie. */
  async signOut(caller: AuthUser, ctx: RequestContext): Promise<boolean> {
    await this.users.endSessions(caller.id);
    clearSessionCookie(ctx, this.config);
    return true;
  }

  /** New password (checked like a sign-in, so a stolen session cannot guess it); earlier sessions end, this one continues. */
  async changePassword(caller: AuthUser, input: ChangePasswordInput, ctx: RequestContext): Promise<AuthPayload> {
    const attempt = await this.limits.loginAttempt(caller.email, this.clientAddress(ctx));
    const user = await this.users.changePassword(caller.id, input.currentPassword, input.newPassword);
    if (!user)
      throw new DomainError('BAD_USER_INPUT', 'currentPassword: is not your current password', {
        field: 'currentPassword',
      });
    await attempt.succeeded();
    return this.signIn(ctx, user);
  }

  private signIn(ctx: RequestContext, user: AuthPayload['user']): AuthPayload {
    const token = this.tokens.issue(user);
    setSessionCookie(ctx, token, this.config);
    return { token, user };
  }
}
