import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { ReviewScorecards1763900710000 } from '../migrations/1763900710000-review-scorecards.js';
import { createTestDatabase } from './support/test-database.js';

/** The shared review of each candidate becomes its reviewer's scorecard (rating under "overall"), and back. */
describe('migration: reviews → per-reviewer scorecards', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const source = (migrations: typeof MIGRATIONS) =>
    new DataSource({
      type: 'postgres',
      url: db.url,
      migrations,
      migrationsTransactionMode: 'each',
    });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps the old rating and note as the reviewer’s scorecard and restores them on the way down', async () => {
    const upTo = MIGRATIONS.indexOf(ReviewScorecards1763900710000);
    const before = source(MIGRATIONS.slice(0, upTo));
    await before.initialize();
    await before.runMigrations();
    const [reviewer] = await before.query(
      `INSERT INTO users (email, password_hash, display_name, role) VALUES ('rev@example.com', 'x', 'Rev', 'HIRING_MANAGER') RETURNING id`,
    );
    const [org] = await before.query(`INSERT INTO organisations (name) VALUES ('Org') RETURNING id`);
    const [assessment] = await before.query(
      `INSERT INTO assessments (organisation_id, title, time_limit_minutes, opens_at, closes_at)
       VALUES ($1, 'A', 60, now(), now() + interval '1 day') RETURNING id`,
      [org.id],
    );
    const [invitation] = await before.query(
      `INSERT INTO invitations (assessment_id, email, token_hash) VALUES ($1, 'c@example.com', repeat('a', 64)) RETURNING id`,
      [assessment.id],
    );
    await before.query(`INSERT INTO reviews (invitation_id, reviewer_id, rating, notes) VALUES ($1, $2, 4, 'good')`, [
      invitation.id,
      reviewer.id,
    ]);
    await before.destroy();

    const all = source(MIGRATIONS);
    await all.initialize();
    await all.runMigrations();
    const cards = await all.query('SELECT invitation_id, reviewer_id, ratings, notes, decision FROM review_scorecards');
    expect(cards).toEqual([
      {
        invitation_id: invitation.id,
        reviewer_id: reviewer.id,
        ratings: { overall: 4 },
        notes: 'good',
        decision: null,
      },
    ]);
    const runner = all.createQueryRunner();
    await new ReviewScorecards1763900710000().down(runner); // its own down, whatever comes after it
    await runner.release();
    const restored = await all.query('SELECT rating, notes FROM reviews');
    expect(restored).toEqual([{ rating: 4, notes: 'good' }]);
    await all.destroy();
  });
});
