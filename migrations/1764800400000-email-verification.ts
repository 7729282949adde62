import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts prove they own their e-mail address (an invitation is accepted only then), and a
 * forgotten password is reset, both by a single-use link whose token's SHA-256 is kept here.
 */
export class EmailVerification1764800400000 implements MigrationInterface {
  name = 'EmailVerification1764800400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz`);
    await q.query(`CREATE TYPE email_token_purpose AS ENUM ('VERIFY_EMAIL', 'RESET_PASSWORD')`);
    await q.query(`
      CREATE TABLE email_tokens (
        token_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose email_token_purpose NOT NULL,
        email varchar(254) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_email_tokens_user ON email_tokens (user_id, purpose)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_tokens`);
    await q.query(`DROP TYPE email_token_purpose`);
    await q.query(`ALTER TABLE users DROP COLUMN email_verified_at`);
  }
}
