import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter that every change to the catalogue (tracks, skills, exercises, their versions)
 * moves on, by statement-level triggers: API processes cache the `tracks` views and check this
 * one row per request, so a content sync, a publish or a retirement by any process — or by
 * hand in psql — is seen at once, with no writer having to remember to invalidate.
 */
export class CatalogueGeneration1764800100000 implements MigrationInterface {
  name = 'CatalogueGeneration1764800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalogue_generation (
        id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT catalogue_generation_single_row CHECK (id = 1),
        generation bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO catalogue_generation (id, generation) VALUES (1, 0)`);
    await q.query(`
      CREATE FUNCTION bump_catalogue_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of ['tracks', 'skills', 'exercises', 'exercise_versions'])
      await q.query(`
        CREATE TRIGGER ${table}_bump_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_generation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tracks', 'skills', 'exercises', 'exercise_versions'])
      await q.query(`DROP TRIGGER ${table}_bump_catalogue ON ${table}`);
    await q.query(`DROP FUNCTION bump_catalogue_generation()`);
    await q.query(`DROP TABLE catalogue_generation`);
  }
}
