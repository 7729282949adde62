import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a submission's code printed (bounded by SANDBOX_CONSOLE_*), and where its compile or runtime error was. */
export class SubmissionConsole1764700100000 implements MigrationInterface {
  name = 'SubmissionConsole1764700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions ADD COLUMN console_output text`);
    await q.query(`ALTER TABLE submissions ADD COLUMN error_line integer`);
    await q.query(`ALTER TABLE submissions ADD COLUMN error_column integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions DROP COLUMN error_column`);
    await q.query(`ALTER TABLE submissions DROP COLUMN error_line`);
    await q.query(`ALTER TABLE submissions DROP COLUMN console_output`);
  }
}
