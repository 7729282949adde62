import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each reviewer's own scorecard (a rating per criterion, notes, a decision) replaces the one
 * shared rating and note per candidate. Old reviews become their reviewer's scorecard, the
 * rating under the criterion "overall".
 */
export class ReviewScorecards1763900710000 implements MigrationInterface {
  name = 'ReviewScorecards1763900710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE review_decision AS ENUM ('ADVANCE', 'HOLD', 'REJECT')`);
    await q.query(`
      CREATE TABLE review_scorecards (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL,
        reviewer_id uuid,
        ratings jsonb NOT NULL DEFAULT '{}',
        notes text NOT NULL DEFAULT '',
        decision review_decision,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_review_scorecards PRIMARY KEY (id),
        CONSTRAINT uq_review_scorecards_reviewer UNIQUE (invitation_id, reviewer_id),
        CONSTRAINT fk_review_scorecards_invitation FOREIGN KEY (invitation_id) REFERENCES invitations(id) ON DELETE CASCADE,
        CONSTRAINT fk_review_scorecards_reviewer FOREIGN KEY (reviewer_id) REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(`
      INSERT INTO review_scorecards (invitation_id, reviewer_id, ratings, notes, updated_at)
      SELECT invitation_id, reviewer_id,
             CASE WHEN rating IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('overall', rating) END,
             notes, updated_at
        FROM reviews`);
    await q.query(`DROP TABLE reviews`);
  }

  async down(q: QueryRunner): Promise<void> {
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
    // The newest scorecard of each candidate becomes the shared review again.
    await q.query(`
      INSERT INTO reviews (invitation_id, reviewer_id, rating, notes, updated_at)
      SELECT DISTINCT ON (invitation_id) invitation_id, reviewer_id, (ratings->>'overall')::smallint, notes, updated_at
        FROM review_scorecards ORDER BY invitation_id, updated_at DESC`);
    await q.query(`DROP TABLE review_scorecards`);
    await q.query(`DROP TYPE review_decision`);
  }
}
