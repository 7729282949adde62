import 'reflect-metadata';
import { preflight } from '../startup/preflight.js';
import { prepareDatabase } from '../startup/prepare-database.js';
import { configOrExit } from './cli-support.js';

/** `npm run db:migrate`: creates the database if missing and applies pending migrations. */
async function main(): Promise<void> {
  const config = configOrExit('db:migrate');
  await preflight(config, 'db:migrate');
  const { migrations } = await prepareDatabase(config, { syncContent: false });
  process.stdout.write(migrations.length ? `applied: ${migrations.join(', ')}\n` : 'schema is up to date\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`db:migrate failed: ${(e as Error).message}\n`);
  process.exit(1);
});
