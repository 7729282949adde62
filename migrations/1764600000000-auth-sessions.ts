import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can end: `users.token_version` is carried in every token and bumped on sign-out,
 * password change and role change, so earlier tokens stop working; `app_secrets` keeps the
 * token-signing secret generated at first start when JWT_SECRET is not set.
 */
export class AuthSessions1764600000000 implements MigrationInterface {
  name = 'AuthSessions1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE app_secrets (
        name varchar(64) PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_secrets`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
