import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';

/** The channel the catalogue triggers notify, with the new generation as payload (migration 1765100500000). */
export const CATALOGUE_CHANNEL = 'catalogue_generation';

/** After the notification connection is lost, the next try to listen again waits this long. */
const RELISTEN_AFTER_MS = 5000;

/**
 * The catalogue generation: moved on by triggers whenever tracks, skills, exercises or versions
 * change, by any process (or by hand in psql), and announced with NOTIFY.
 *
 * Every catalogue read asks for it (the cached `tracks` views and whole answers are keyed by it),
 * and a query per request cost about 0.35 ms of the API's CPU: a third of what a cached `tracks`
 * answer costs (bench:api). So the process LISTENs on a connection of its own and keeps the
 * generation the last notification gave. While it is not listening (before the first read, after
 * the connection is lost, in processes without a database URL) each call reads the table, as
 * before. `forget()` makes the next call read the table too: the API calls it after each of its
 * own mutations, so a caller who changed the catalogue sees the change on their very next read,
 * without waiting for the notification to come back.
 */
@Injectable()
export class CatalogueRepository implements OnModuleDestroy {
  private readonly logger = new Logger('catalogue');
  /** The generation as notified (or read while listening); undefined when not known. */
  private known: string | undefined;
  /** Moves on with every notification and forget(): a read that overlapped one is not kept. */
  private epoch = 0;
  private listener: pg.Client | undefined;
  private listening = false;
  private relistenAt = 0;
  private closed = false;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async generation(): Promise<string> {
    if (this.known !== undefined) return this.known;
    this.listen();
    // Kept only when LISTEN was in force before the read began and nothing moved meanwhile:
    // then any later change brings a notification.
    const trusted = this.listening;
    const epoch = this.epoch;
    const generation = await this.read();
    if (trusted && this.listening && epoch === this.epoch) this.known = generation;
    return generation;
  }

  /** The next generation() reads the table (after this process changed the catalogue). */
  forget(): void {
    this.known = undefined;
    this.epoch++;
  }

  /** Whether notifications keep the generation now (tests, health). */
  get isListening(): boolean {
    return this.listening;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.stopListening();
    await client?.end().catch(() => undefined);
  }

  private async read(): Promise<string> {
    const rows = (await this.db.query(
      `SELECT generation::text AS generation FROM catalogue_generation WHERE id = 1`,
    )) as { generation: string }[];
    return rows[0]?.generation ?? '0';
  }

  private listen(): void {
    const url = (this.db.options as { url?: string }).url;
    if (this.listener || this.closed || !url || Date.now() < this.relistenAt) return;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    this.listener = client;
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.stopListening();
      this.relistenAt = Date.now() + RELISTEN_AFTER_MS;
      void client.end().catch(() => undefined);
      this.logger.warn(
        `catalogue notifications stopped (${error?.message ?? 'connection ended'}); reading the generation per request until they resume`,
      );
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => {
      if (n.channel !== CATALOGUE_CHANNEL || this.listener !== client) return;
      this.epoch++;
      this.known = n.payload && /^\d+$/.test(n.payload) ? n.payload : undefined;
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${CATALOGUE_CHANNEL}`))
      .then(
        () => {
          if (this.listener === client) this.listening = true;
        },
        (error: Error) => lost(error),
      );
  }

  private stopListening(): void {
    this.listener = undefined;
    this.listening = false;
    this.forget();
  }
}
