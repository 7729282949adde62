import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Python for CODING exercises: the PYTHON submission language, and a version's optional Python
 * starter, reference and the name of the function its tests call.
 */
export class PythonCoding1764900300000 implements MigrationInterface {
  name = 'PythonCoding1764900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE submission_language ADD VALUE IF NOT EXISTS 'PYTHON'`);
    await q.query(`
      ALTER TABLE exercise_versions
        ADD COLUMN python_entry varchar(64),
        ADD COLUMN python_starter_code text,
        ADD COLUMN python_reference_code text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE exercise_versions
        DROP COLUMN python_entry,
        DROP COLUMN python_starter_code,
        DROP COLUMN python_reference_code`);
    // PostgreSQL cannot drop an enum value; PYTHON stays in submission_language.
  }
}
