import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "This model overfits — fix it": an exercise version can limit the gap between the final
 * train accuracy and the test accuracy (grader threshold-and-gap).
 */
export class TrainTestGap1765100200000 implements MigrationInterface {
  name = 'TrainTestGap1765100200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE exercise_versions ADD COLUMN max_gap double precision CHECK (max_gap IS NULL OR (max_gap >= 0 AND max_gap <= 1))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercise_versions DROP COLUMN max_gap`);
  }
}
