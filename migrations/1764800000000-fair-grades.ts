import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fair grades: an exercise version keeps its calibration table (σ_seed), and a MODEL
 * submission keeps each training run (one, or two when its first result was close to the
 * threshold) and whether it was close.
 */
export class FairGrades1764800000000 implements MigrationInterface {
  name = 'FairGrades1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercise_versions ADD COLUMN calibration jsonb`);
    await q.query(`ALTER TABLE submissions ADD COLUMN runs jsonb`);
    await q.query(`ALTER TABLE submissions ADD COLUMN close_to_threshold boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions DROP COLUMN close_to_threshold`);
    await q.query(`ALTER TABLE submissions DROP COLUMN runs`);
    await q.query(`ALTER TABLE exercise_versions DROP COLUMN calibration`);
  }
}
