import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Validation runs of exercise drafts: the reference must pass and the baseline must fail before publishing. */
export class ExerciseValidations1763900300000 implements MigrationInterface {
  name = 'ExerciseValidations1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE validation_status AS ENUM ('QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'ERROR')`);
    await q.query(`
      CREATE TABLE exercise_validations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        exercise_version_id uuid NOT NULL,
        content_hash varchar(64) NOT NULL,
        requested_by uuid,
        status validation_status NOT NULL DEFAULT 'QUEUED',
        reason text,
        results jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT pk_exercise_validations PRIMARY KEY (id),
        CONSTRAINT fk_exercise_validations_version FOREIGN KEY (exercise_version_id) REFERENCES exercise_versions(id) ON DELETE CASCADE,
        CONSTRAINT fk_exercise_validations_requested_by FOREIGN KEY (requested_by) REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX ix_exercise_validations_version ON exercise_validations (exercise_version_id, created_at DESC)`,
    );
    await q.query(`ALTER TABLE exercises ADD COLUMN created_by uuid`);
    await q.query(
      `ALTER TABLE exercises ADD CONSTRAINT fk_exercises_created_by FOREIGN KEY (created_by) REFERENCES users(id) ON DELETE SET NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercises DROP COLUMN created_by`);
    await q.query(`DROP TABLE exercise_validations`);
    await q.query(`DROP TYPE validation_status`);
  }
}
