import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { syncContent, type SyncReport } from '../content/content-sync.js';
import { createDataSource, runMigrations } from '../database/data-source.js';

/** Brings the schema up to date and, if asked, syncs exercises/ into it. Safe to run concurrently. */
export async function prepareDatabase(
  config: AppConfig,
  opts: { syncContent: boolean },
): Promise<{ migrations: string[]; content?: SyncReport }> {
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    const migrations = await runMigrations(ds);
    const content = opts.syncContent ? await syncContent(ds, path.resolve(config.CONTENT_DIR)) : undefined;
    return { migrations, content };
  } finally {
    await ds.destroy();
  }
}
