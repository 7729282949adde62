import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations of hiring managers, timed assessments, single-use invitations, reviews. */
export class Assessments1763900200000 implements MigrationInterface {
  name = 'Assessments1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organisations PRIMARY KEY (id),
        CONSTRAINT uq_organisations_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE organisation_members (
        user_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organisation_members PRIMARY KEY (user_id),
        CONSTRAINT fk_organisation_members_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT fk_organisation_members_organisation FOREIGN KEY (organisation_id) REFERENCES organisations(id) ON DELETE CASCADE
      )`);
    await q.query(`ALTER TABLE exercises ADD COLUMN assessment_only boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE exercises ADD COLUMN assessment_exposures integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE assessments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL,
        created_by uuid,
        title varchar(200) NOT NULL,
        time_limit_minutes integer NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_assessments PRIMARY KEY (id),
        CONSTRAINT fk_assessments_organisation FOREIGN KEY (organisation_id) REFERENCES organisations(id) ON DELETE CASCADE,
        CONSTRAINT fk_assessments_created_by FOREIGN KEY (created_by) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT ck_assessments_window CHECK (closes_at > opens_at),
        CONSTRAINT ck_assessments_time_limit CHECK (time_limit_minutes BETWEEN 1 AND 1440)
      )`);
    await q.query(`
      CREATE TABLE assessment_items (
        assessment_id uuid NOT NULL,
        position integer NOT NULL,
        exercise_id uuid NOT NULL,
        exercise_version_id uuid NOT NULL,
        CONSTRAINT pk_assessment_items PRIMARY KEY (assessment_id, position),
        CONSTRAINT uq_assessment_items_exercise UNIQUE (assessment_id, exercise_id),
        CONSTRAINT fk_assessment_items_assessment FOREIGN KEY (assessment_id) REFERENCES assessments(id) ON DELETE CASCADE,
        CONSTRAINT fk_assessment_items_exercise FOREIGN KEY (exercise_id) REFERENCES exercises(id) ON DELETE RESTRICT,
        CONSTRAINT fk_assessment_items_version FOREIGN KEY (exercise_version_id) REFERENCES exercise_versions(id) ON DELETE RESTRICT
      )`);
    await q.query(`
      CREATE TABLE invitations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL,
        email varchar(254) NOT NULL,
        token_hash char(64) NOT NULL,
        invited_by uuid,
        candidate_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        deadline_at timestamptz,
        CONSTRAINT pk_invitations PRIMARY KEY (id),
        CONSTRAINT uq_invitations_token UNIQUE (token_hash),
        CONSTRAINT uq_invitations_email UNIQUE (assessment_id, email),
        CONSTRAINT fk_invitations_assessment FOREIGN KEY (assessment_id) REFERENCES assessments(id) ON DELETE CASCADE,
        CONSTRAINT fk_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT fk_invitations_candidate FOREIGN KEY (candidate_id) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT ck_invitations_started CHECK ((started_at IS NULL) = (deadline_at IS NULL))
      )`);
    await q.query(`ALTER TABLE submissions ADD COLUMN invitation_id uuid`);
    await q.query(
      `ALTER TABLE submissions ADD CONSTRAINT fk_submissions_invitation FOREIGN KEY (invitation_id) REFERENCES invitations(id) ON DELETE SET NULL`,
    );
    await q.query(
      `CREATE INDEX ix_submissions_invitation ON submissions (invitation_id) WHERE invitation_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE reviews (
        invitation_id uuid NOT NULL,
        reviewer_id uuid,
        rating smallint,
        notes text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reviews PRIMARY KEY (invitation_id),
        CONSTRAINT fk_reviews_invitation FOREIGN KEY (invitation_id) REFERENCES invitations(id) ON DELETE CASCADE,
        CONSTRAINT fk_reviews_reviewer FOREIGN KEY (reviewer_id) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT ck_reviews_rating CHECK (rating BETWEEN 1 AND 5)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reviews`);
    await q.query(`ALTER TABLE submissions DROP COLUMN invitation_id`);
    await q.query(`DROP TABLE invitations`);
    await q.query(`DROP TABLE assessment_items`);
    await q.query(`DROP TABLE assessments`);
    await q.query(`ALTER TABLE exercises DROP COLUMN assessment_exposures`);
    await q.query(`ALTER TABLE exercises DROP COLUMN assessment_only`);
    await q.query(`DROP TABLE organisation_members`);
    await q.query(`DROP TABLE organisations`);
  }
}
