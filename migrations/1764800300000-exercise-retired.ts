import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A retired exercise leaves practice and tracks; its versions stay for history and pinned assessments. */
export class ExerciseRetired1764800300000 implements MigrationInterface {
  name = 'ExerciseRetired1764800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercises ADD COLUMN retired_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercises DROP COLUMN retired_at`);
  }
}
