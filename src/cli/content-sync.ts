import 'reflect-metadata';
import { preflight } from '../startup/preflight.js';
import { ContentError } from '../content/content-loader.js';
import { prepareDatabase } from '../startup/prepare-database.js';
import { configOrExit } from './cli-support.js';

/** `npm run content:sync`: migrate, then make the database match exercises/ (idempotent). */
async function main(): Promise<void> {
  const config = configOrExit('content:sync');
  await preflight(config, 'content:sync');
  const { migrations, content } = await prepareDatabase(config, { syncContent: true });
  if (migrations.length) process.stdout.write(`applied migrations: ${migrations.join(', ')}\n`);
  const r = content!;
  process.stdout.write(
    `tracks: ${r.tracksCreated} created, ${r.tracksUpdated} updated; exercises: ${r.exercisesCreated} created, ` +
      `${r.versionsCreated} new versions; ${r.unchanged} unchanged\n`,
  );
  for (const line of r.skipped) process.stdout.write(`skipped: ${line}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(e instanceof ContentError ? `${e.message}\n` : `content:sync failed: ${(e as Error).message}\n`);
  process.exit(1);
});
