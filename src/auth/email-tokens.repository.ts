import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export type EmailTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD';

/** Single-use e-mail link tokens (only their SHA-256 is stored) and what using one changes. */
@Injectable()
export class EmailTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores a new token; earlier unused ones of the same purpose stop working (only the newest link counts). */
  async issue(userId: string, purpose: EmailTokenPurpose, email: string, hash: string, ttlSeconds: number) {
    await this.db.transaction(async (em) => {
      await em.query(
        `UPDATE email_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
        [userId, purpose],
      );
      await em.query(
        `INSERT INTO email_tokens (token_hash, user_id, purpose, email, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
        [hash, userId, purpose, email, ttlSeconds],
      );
    });
  }

  /**
   * Marks the token used and returns its account, or undefined when it is unknown, used, expired,
   * or was sent to an address the account no longer has. One statement: a link works once.
   */
  async consume(hash: string, purpose: EmailTokenPurpose): Promise<{ userId: string; email: string } | undefined> {
    const result = (await this.db.query(
      `UPDATE email_tokens t SET used_at = now()
         FROM users u
        WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now()
          AND u.id = t.user_id AND u.email = t.email
        RETURNING t.user_id, t.email`,
      [hash, purpose],
    )) as [{ user_id: string; email: string }[], number] | { user_id: string; email: string }[];
    // TypeORM answers an UPDATE … RETURNING as [rows, count].
    const rows = Array.isArray(result[0]) ? result[0] : (result as { user_id: string; email: string }[]);
    const row = rows[0];
    return row && { userId: row.user_id, email: row.email };
  }

  async markVerified(userId: string): Promise<void> {
    await this.db.query(
      `UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1`,
      [userId],
    );
  }

  /** A new password hash; every earlier session of the account ends (token_version). */
  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.query(
      `UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1`,
      [userId, passwordHash],
    );
  }
}
