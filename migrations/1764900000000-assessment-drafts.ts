import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The editor's code during an assessment attempt, saved as the candidate types (one row per exercise). */
export class AssessmentDrafts1764900000000 implements MigrationInterface {
  name = 'AssessmentDrafts1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_drafts (
        invitation_id uuid NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
        exercise_slug varchar(64) NOT NULL,
        language varchar(20) NOT NULL,
        code text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (invitation_id, exercise_slug)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assessment_drafts`);
  }
}
