import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, tracks and skills, versioned exercises, and the audit log. */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE user_role AS ENUM ('CANDIDATE', 'MENTOR', 'HIRING_MANAGER', 'ADMIN')`);
    await q.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        display_name varchar(80) NOT NULL,
        password_hash varchar(255) NOT NULL,
        role user_role NOT NULL DEFAULT 'CANDIDATE',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT ck_users_email_lower CHECK (email = lower(email))
      )`);

    await q.query(`
      CREATE TABLE tracks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        slug varchar(64) NOT NULL,
        position integer NOT NULL,
        title jsonb NOT NULL,
        summary jsonb NOT NULL,
        sources text[] NOT NULL DEFAULT '{}',
        entries jsonb NOT NULL DEFAULT '[]',
        content_hash varchar(64) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_tracks PRIMARY KEY (id),
        CONSTRAINT uq_tracks_slug UNIQUE (slug)
      )`);
    await q.query(`
      CREATE TABLE skills (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        slug varchar(64) NOT NULL,
        track_id uuid NOT NULL,
        position integer NOT NULL,
        title jsonb NOT NULL,
        description jsonb NOT NULL,
        CONSTRAINT pk_skills PRIMARY KEY (id),
        CONSTRAINT uq_skills_slug UNIQUE (slug),
        CONSTRAINT fk_skills_track FOREIGN KEY (track_id) REFERENCES tracks(id) ON DELETE CASCADE
      )`);

    await q.query(`CREATE TYPE exercise_type AS ENUM ('MODEL', 'CODING', 'QUIZ')`);
    await q.query(`CREATE TYPE exercise_origin AS ENUM ('FILE', 'API')`);
    await q.query(`CREATE TYPE exercise_version_status AS ENUM ('DRAFT', 'PUBLISHED')`);
    await q.query(`
      CREATE TABLE exercises (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        slug varchar(64) NOT NULL,
        track_id uuid NOT NULL,
        type exercise_type NOT NULL,
        origin exercise_origin NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_exercises PRIMARY KEY (id),
        CONSTRAINT uq_exercises_slug UNIQUE (slug),
        CONSTRAINT fk_exercises_track FOREIGN KEY (track_id) REFERENCES tracks(id) ON DELETE RESTRICT
      )`);
    await q.query(`
      CREATE TABLE exercise_versions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        exercise_id uuid NOT NULL,
        version integer NOT NULL,
        status exercise_version_status NOT NULL,
        title jsonb NOT NULL,
        summary jsonb NOT NULL,
        statement jsonb NOT NULL,
        difficulty smallint NOT NULL,
        skills text[] NOT NULL DEFAULT '{}',
        dataset varchar(32),
        task jsonb,
        budget jsonb,
        grader varchar(64) NOT NULL,
        threshold double precision,
        starter_code text NOT NULL,
        reference_code text NOT NULL,
        baseline_code text,
        extra_solutions jsonb NOT NULL DEFAULT '{}',
        content_hash varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT pk_exercise_versions PRIMARY KEY (id),
        CONSTRAINT uq_exercise_versions_number UNIQUE (exercise_id, version),
        CONSTRAINT fk_exercise_versions_exercise FOREIGN KEY (exercise_id) REFERENCES exercises(id) ON DELETE CASCADE,
        CONSTRAINT ck_exercise_versions_difficulty CHECK (difficulty BETWEEN 1 AND 5),
        CONSTRAINT ck_exercise_versions_published CHECK ((status = 'PUBLISHED') = (published_at IS NOT NULL))
      )`);
    // A published version is frozen: submissions are pinned to it.
    await q.query(`
      CREATE FUNCTION forbid_published_version_change() RETURNS trigger AS $$
      BEGIN
        IF OLD.status = 'PUBLISHED' THEN
          RAISE EXCEPTION 'exercise version % is published and cannot be changed', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$ LANGUAGE plpgsql`);
    await q.query(`
      CREATE TRIGGER trg_exercise_versions_immutable
      BEFORE UPDATE ON exercise_versions
      FOR EACH ROW EXECUTE FUNCTION forbid_published_version_change()`);

    await q.query(`
      CREATE TABLE audit_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        actor_id uuid,
        action varchar(64) NOT NULL,
        subject_type varchar(64) NOT NULL,
        subject_id varchar(128) NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_audit_events PRIMARY KEY (id),
        CONSTRAINT fk_audit_events_actor FOREIGN KEY (actor_id) REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX ix_audit_events_created ON audit_events (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP TABLE exercise_versions`);
    await q.query(`DROP FUNCTION forbid_published_version_change`);
    await q.query(`DROP TABLE exercises`);
    await q.query(`DROP TYPE exercise_version_status`);
    await q.query(`DROP TYPE exercise_origin`);
    await q.query(`DROP TYPE exercise_type`);
    await q.query(`DROP TABLE skills`);
    await q.query(`DROP TABLE tracks`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TYPE user_role`);
  }
}
