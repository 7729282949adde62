import { DataSource } from 'typeorm';
import { CatalogueRepository } from '../../src/tracks/catalogue.repository.js';
import type { TestApi } from './test-app.js';
import { waitFor } from './wait-for.js';

/**
 * Waits until the API process knows the catalogue generation the database holds now: after a
 * change the API did not make itself (a content sync called in the test, a raw UPDATE), which
 * it learns from the NOTIFY the catalogue triggers send, within milliseconds.
 */
export async function catalogueCaughtUp(api: TestApi): Promise<void> {
  const db = api.app.get(DataSource);
  const catalogue = api.app.get(CatalogueRepository);
  const [row] = (await db.query(`SELECT generation::text AS generation FROM catalogue_generation WHERE id = 1`)) as {
    generation: string;
  }[];
  await waitFor(async () => ((await catalogue.generation()) === row.generation ? true : undefined), {
    what: `the API to learn catalogue generation ${row.generation}`,
    timeoutMs: 5000,
    intervalMs: 5,
  });
}
