import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue triggers also announce the new generation (NOTIFY catalogue_generation, sent at
 * commit), so API processes keep it from notifications instead of reading the row per request
 * (src/tracks/catalogue.repository.ts).
 */
export class CatalogueNotify1765100500000 implements MigrationInterface {
  name = 'CatalogueNotify1765100500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bump_catalogue_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        moved bigint;
      BEGIN
        UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation INTO moved;
        PERFORM pg_notify('catalogue_generation', moved::text);
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bump_catalogue_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
  }
}
