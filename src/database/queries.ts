/**
 * The two statements that belong to no feature's table: an advisory lock held to the end of a
 * transaction, and the readiness probe. Here so that no feature outside a repository writes SQL.
 */
import type { DataSource, EntityManager } from 'typeorm';

/** Blocks until this transaction holds advisory lock `key`; released at commit or rollback. */
export async function advisoryXactLock(em: EntityManager, key: number): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock($1)', [key]);
}

/** Resolves when PostgreSQL answers a trivial query. */
export async function pingDatabase(db: DataSource): Promise<void> {
  await db.query('SELECT 1');
}
