import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A validation run's reason in Simplified Chinese beside the English one, so the mentor page
 * reads in the mentor's language (each solution's summary carries its own, inside `results`).
 */
export class ValidationTextZh1765100400000 implements MigrationInterface {
  name = 'ValidationTextZh1765100400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercise_validations ADD COLUMN reason_zh_cn text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercise_validations DROP COLUMN reason_zh_cn`);
  }
}
