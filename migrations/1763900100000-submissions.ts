import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Submissions, their status history and per-epoch metrics. */
export class Submissions1763900100000 implements MigrationInterface {
  name = 'Submissions1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE submission_language AS ENUM ('TYPESCRIPT', 'JAVASCRIPT', 'KERAS_JSON')`);
    await q.query(
      `CREATE TYPE submission_status AS ENUM ('QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'ERROR', 'CANCELLED')`,
    );
    await q.query(`CREATE TYPE submission_error_kind AS ENUM ('CANDIDATE', 'INFRASTRUCTURE')`);
    await q.query(`
      CREATE TABLE submissions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        exercise_id uuid NOT NULL,
        exercise_version_id uuid NOT NULL,
        language submission_language NOT NULL,
        code text NOT NULL,
        status submission_status NOT NULL DEFAULT 'QUEUED',
        stage varchar(16),
        reason text,
        error_kind submission_error_kind,
        error_code varchar(32),
        counts_as_attempt boolean NOT NULL DEFAULT false,
        infra_failures integer NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        engine varchar(64),
        param_count bigint,
        training_seconds double precision,
        evaluation jsonb,
        grade jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_submissions PRIMARY KEY (id),
        CONSTRAINT fk_submissions_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT fk_submissions_exercise FOREIGN KEY (exercise_id) REFERENCES exercises(id) ON DELETE RESTRICT,
        CONSTRAINT fk_submissions_exercise_version FOREIGN KEY (exercise_version_id) REFERENCES exercise_versions(id) ON DELETE RESTRICT,
        CONSTRAINT ck_submissions_code_size CHECK (octet_length(code) <= 262144),
        CONSTRAINT ck_submissions_final_reason CHECK (status IN ('QUEUED', 'RUNNING') OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_submissions_user_exercise ON submissions (user_id, exercise_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX ix_submissions_open ON submissions (status, created_at) WHERE status IN ('QUEUED', 'RUNNING')`,
    );
    await q.query(`
      CREATE TABLE submission_events (
        id bigserial,
        submission_id uuid NOT NULL,
        status submission_status NOT NULL,
        stage varchar(16),
        message text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT pk_submission_events PRIMARY KEY (id),
        CONSTRAINT fk_submission_events_submission FOREIGN KEY (submission_id) REFERENCES submissions(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_submission_events_submission ON submission_events (submission_id, id)`);
    await q.query(`
      CREATE TABLE epoch_metrics (
        submission_id uuid NOT NULL,
        epoch integer NOT NULL,
        loss double precision,
        accuracy double precision,
        val_loss double precision,
        val_accuracy double precision,
        seconds double precision NOT NULL,
        examples_per_second double precision,
        partial boolean NOT NULL DEFAULT false,
        CONSTRAINT pk_epoch_metrics PRIMARY KEY (submission_id, epoch),
        CONSTRAINT fk_epoch_metrics_submission FOREIGN KEY (submission_id) REFERENCES submissions(id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE epoch_metrics`);
    await q.query(`DROP TABLE submission_events`);
    await q.query(`DROP TABLE submissions`);
    await q.query(`DROP TYPE submission_error_kind`);
    await q.query(`DROP TYPE submission_status`);
    await q.query(`DROP TYPE submission_language`);
  }
}
