import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A hiring manager can revoke an invitation: its link stops working, an attempt under way ends. */
export class InvitationRevocation1764800200000 implements MigrationInterface {
  name = 'InvitationRevocation1764800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations ADD COLUMN revoked_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations DROP COLUMN revoked_at`);
  }
}
