import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CODING exercises (entry point + tests, hidden ones included), QUIZ exercises (questions + key), stored model topologies. */
export class CodingAndQuiz1763900400000 implements MigrationInterface {
  name = 'CodingAndQuiz1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exercise_versions ADD COLUMN entry varchar(64)`);
    await q.query(`ALTER TABLE exercise_versions ADD COLUMN tests jsonb`);
    await q.query(`ALTER TABLE exercise_versions ADD COLUMN quiz jsonb`);
    await q.query(`ALTER TYPE submission_language ADD VALUE IF NOT EXISTS 'QUIZ_ANSWERS'`);
    // The validated model topology of a graded MODEL submission, for architecture comparison in reviews.
    await q.query(`ALTER TABLE submissions ADD COLUMN topology jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions DROP COLUMN topology`);
    await q.query(`ALTER TABLE exercise_versions DROP COLUMN quiz`);
    await q.query(`ALTER TABLE exercise_versions DROP COLUMN tests`);
    await q.query(`ALTER TABLE exercise_versions DROP COLUMN entry`);
  }
}
