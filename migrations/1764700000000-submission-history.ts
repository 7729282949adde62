import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A candidate's history across exercises (mySubmissions without a slug) and the recent-jobs average of queue estimates. */
export class SubmissionHistory1764700000000 implements MigrationInterface {
  name = 'SubmissionHistory1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_submissions_user_created ON submissions (user_id, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX ix_submissions_finished ON submissions (finished_at DESC) WHERE started_at IS NOT NULL AND finished_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_submissions_finished`);
    await q.query(`DROP INDEX ix_submissions_user_created`);
  }
}
