import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learning support in practice: hints and an explanation stored with each exercise version,
 * and which hints each candidate revealed (one row per hint, so revealing is idempotent).
 */
export class LearningSupport1765000700000 implements MigrationInterface {
  name = 'LearningSupport1765000700000';

  async up(q: QueryRunner): Promise<void> {
    // New nullable columns: the immutability trigger on published versions is about row updates, not this.
    await q.query(`ALTER TABLE exercise_versions ADD COLUMN hints jsonb, ADD COLUMN explanation jsonb`);
    await q.query(`
      CREATE TABLE hint_reveals (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        exercise_id uuid NOT NULL REFERENCES exercises(id) ON DELETE CASCADE,
        hint_index smallint NOT NULL CHECK (hint_index >= 0),
        revealed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, exercise_id, hint_index)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hint_reveals`);
    await q.query(`ALTER TABLE exercise_versions DROP COLUMN hints, DROP COLUMN explanation`);
  }
}
