import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import argon2 from 'argon2';
import type { AuthUser, RequestContext } from '../access/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { MailService } from '../mail/mail.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { normaliseEmail, UsersService } from '../users/users.service.js';
import { EmailTokensRepository, type EmailTokenPurpose } from './email-tokens.repository.js';
import { AuthService } from './auth.service.js';
import { RateLimits } from './rate-limits.js';

const VERIFY_TTL_SECONDS = 48 * 3600;
const RESET_TTL_SECONDS = 3600;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Links of the web app that the e-mails carry. */
export const verifyLink = (token: string) => `/verify-email?token=${encodeURIComponent(token)}`;
export const resetLink = (token: string) => `/reset-password?token=${encodeURIComponent(token)}`;

/**
 * E-mail verification and password reset, each by a single-use link sent through the mail
 * transport (MailService; without SMTP_URL the link goes to the server log).
 */
@Injectable()
export class AccountEmailService {
  private readonly logger = new Logger('account-email');

  constructor(
    private readonly users: UsersService,
    private readonly tokens: EmailTokensRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly limits: RateLimits,
    private readonly auth: AuthService,
  ) {}

  /** After registration: a failed send is logged, never a failed registration (the account can ask again). */
  async sendVerificationQuietly(user: Pick<UserEntity, 'id' | 'email'>): Promise<void> {
    try {
      await this.sendVerification(user);
    } catch (e) {
      this.logger.error(`verification mail to ${user.email} failed: ${(e as Error).message}`);
    }
  }

  /** A new verification link for the caller (earlier ones stop working); CONFLICT once verified. */
  async requestVerification(caller: AuthUser, ctx: RequestContext): Promise<boolean> {
    await this.limits.registration(this.clientAddress(ctx));
    const user = await this.account(caller.id);
    if (user.emailVerifiedAt) throw new DomainError('CONFLICT', `${user.email} is already verified`);
    await this.sendVerification(user);
    return true;
  }

  async verify(token: string): Promise<UserEntity> {
    const used = await this.tokens.consume(hash(token), 'VERIFY_EMAIL');
    if (!used) throw this.badToken();
    await this.tokens.markVerified(used.userId);
    await this.audit.record(used.userId, 'user.email_verified', 'user', used.userId, { email: used.email });
    return this.account(used.userId);
  }

  /**
   * Sends a reset link when an account has this address; answers true either way, so the
   * answer does not tell who has an account. Counted in the client address's registration budget.
   */
  async requestReset(email: string, ctx: RequestContext): Promise<boolean> {
    await this.limits.registration(this.clientAddress(ctx));
    const user = await this.users.findByEmail(normaliseEmail(email));
    if (!user) return true;
    const token = await this.issue(user, 'RESET_PASSWORD', RESET_TTL_SECONDS);
    const link = this.mail.url(resetLink(token));
    await this.mail.send({
      to: user.email,
      subject: 'Reset your Tensor Dojo password',
      text: `Someone (we hope you) asked to reset the password of your Tensor Dojo account.\n\nChoose a new one within an hour: ${link}\n\nIf it was not you, ignore this mail; your password stays as it is.\n`,
      link,
    });
    return true;
  }

  /** Sets the new password; every session of the account ends. Using the link also proves the address. */
  async reset(token: string, newPassword: string): Promise<boolean> {
    const used = await this.tokens.consume(hash(token), 'RESET_PASSWORD');
    if (!used) throw this.badToken();
    await this.tokens.setPassword(used.userId, await argon2.hash(newPassword, { type: argon2.argon2id }));
    await this.tokens.markVerified(used.userId);
    await this.audit.record(used.userId, 'user.password_reset', 'user', used.userId);
    return true;
  }

  private async sendVerification(user: Pick<UserEntity, 'id' | 'email'>): Promise<void> {
    const token = await this.issue(user, 'VERIFY_EMAIL', VERIFY_TTL_SECONDS);
    const link = this.mail.url(verifyLink(token));
    await this.mail.send({
      to: user.email,
      subject: 'Verify your e-mail address for Tensor Dojo',
      text: `Welcome to Tensor Dojo.\n\nOpen this link within 48 hours to verify your address (an invitation to an assessment is accepted only then): ${link}\n`,
      link,
    });
  }

  private async issue(user: Pick<UserEntity, 'id' | 'email'>, purpose: EmailTokenPurpose, ttl: number) {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.issue(user.id, purpose, user.email, hash(token), ttl);
    return token;
  }

  private badToken() {
    return new DomainError(
      'BAD_USER_INPUT',
      'token: this link is not valid any more (used, expired or replaced by a newer one)',
      {
        field: 'token',
      },
    );
  }

  private clientAddress(ctx: RequestContext): string {
    return this.auth.clientAddress(ctx);
  }

  private async account(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('Your account');
    return user;
  }
}
