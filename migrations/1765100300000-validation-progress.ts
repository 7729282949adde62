import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A validation run's live view for the mentor page: every trained epoch of each solution
 * (reference, baseline…) for the curves, and where the run is now (which part, which epoch).
 */
export class ValidationProgress1765100300000 implements MigrationInterface {
  name = 'ValidationProgress1765100300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE exercise_validations ADD COLUMN epochs jsonb NOT NULL DEFAULT '[]', ADD COLUMN progress jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercise_validations DROP COLUMN progress, DROP COLUMN epochs`);
  }
}
