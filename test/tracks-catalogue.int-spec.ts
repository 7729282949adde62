/**
 * Issue 9, "Speed under load": `tracks` is served from views cached per locale and rebuilt only
 * when the catalogue generation moves — which triggers do on any change, by any writer.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource, type Repository } from 'typeorm';
import { TrackEntity } from '../src/tracks/track.entity.js';
import { TracksService } from '../src/tracks/tracks.service.js';
import { CatalogueRepository } from '../src/tracks/catalogue.repository.js';
import { catalogueCaughtUp } from './support/catalogue.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const TRACKS = '{ tracks { slug exercises { slug available } } }';
type Tracks = { tracks: { slug: string; exercises: { slug: string; available: boolean }[] }[] };
const listed = (data: Tracks | undefined) => data!.tracks.flatMap((t) => t.exercises.map((e) => e.slug));

describe('tracks catalogue cache (issue 9)', () => {
  let api: TestApi;
  let db: DataSource;
  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
  }, 120_000);
  afterAll(async () => api?.close());

  it('builds the views once per locale while nothing changes', async () => {
    const trackRows = api.app.get<Repository<TrackEntity>>(getRepositoryToken(TrackEntity));
    const find = jest.spyOn(trackRows, 'find');
    try {
      const first = await api.gql<Tracks>(TRACKS);
      const builds = find.mock.calls.length;
      const again = await Promise.all([api.gql<Tracks>(TRACKS), api.gql<Tracks>(TRACKS), api.gql<Tracks>(TRACKS)]);
      for (const r of again) expect(r.data).toEqual(first.data);
      expect(find.mock.calls.length).toBe(builds);
      await api.gql<Tracks>('{ tracks(locale: "zh-CN") { slug } }');
      expect(find.mock.calls.length).toBe(builds + 1);
    } finally {
      find.mockRestore();
    }
  });

  it('sees a change made behind its back once notified (a raw UPDATE, as another process or psql would)', async () => {
    expect(listed((await api.gql<Tracks>(TRACKS)).data)).toContain('stable-softmax');
    await db.query(`UPDATE exercises SET assessment_only = true WHERE slug = 'stable-softmax'`);
    await catalogueCaughtUp(api);
    try {
      expect(listed((await api.gql<Tracks>(TRACKS)).data)).not.toContain('stable-softmax');
      const track = await api.gql<{ track: { exercises: { slug: string }[] } }>(
        '{ track(slug: "foundations") { exercises { slug } } }',
      );
      expect(track.data!.track.exercises.map((e) => e.slug)).not.toContain('stable-softmax');
    } finally {
      await db.query(`UPDATE exercises SET assessment_only = false WHERE slug = 'stable-softmax'`);
    }
    await catalogueCaughtUp(api);
    expect(listed((await api.gql<Tracks>(TRACKS)).data)).toContain('stable-softmax');
  });

  describe('the generation kept from NOTIFY, not read per request', () => {
    const generationReads = (query: { mock: { calls: unknown[][] } }) =>
      query.mock.calls.filter((c) => String(c[0]).includes('FROM catalogue_generation')).length;
    const listener = async () =>
      (await db.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN catalogue_generation%'`,
      )) as { pid: number }[];

    it('answers catalogue reads without reading the generation while it listens, and learns a change from its notification', async () => {
      const catalogue = api.app.get(CatalogueRepository);
      await api.gql<Tracks>(TRACKS);
      await waitFor(() => (catalogue.isListening ? true : undefined), { what: 'LISTEN', timeoutMs: 5000 });
      await catalogue.generation(); // the one read that starts trusting notifications
      const query = jest.spyOn(db, 'query');
      try {
        for (let i = 0; i < 5; i++) await api.gql<Tracks>(TRACKS);
        expect(generationReads(query)).toBe(0);
        await db.query(`UPDATE skills SET title = title WHERE id = (SELECT id FROM skills LIMIT 1)`);
        const [{ generation }] = (await db.query(
          `SELECT generation::text AS generation FROM catalogue_generation WHERE id = 1`,
        )) as { generation: string }[];
        query.mockClear(); // the test's own reads
        await waitFor(async () => ((await catalogue.generation()) === generation ? true : undefined), {
          what: `notification of generation ${generation}`,
          timeoutMs: 5000,
          intervalMs: 5,
        });
        expect(generationReads(query)).toBe(0);
      } finally {
        query.mockRestore();
      }
    });

    it('reads the generation afresh after each of its own mutations, before answering the mutation', async () => {
      const catalogue = api.app.get(CatalogueRepository);
      const forget = jest.spyOn(catalogue, 'forget');
      try {
        await api.gql('mutation { signOut }');
        expect(forget).toHaveBeenCalledTimes(1);
        await api.gql<Tracks>(TRACKS);
        expect(forget).toHaveBeenCalledTimes(1); // queries do not
      } finally {
        forget.mockRestore();
      }
      const query = jest.spyOn(db, 'query');
      try {
        catalogue.forget();
        await api.gql<Tracks>(TRACKS);
        expect(generationReads(query)).toBe(1);
      } finally {
        query.mockRestore();
      }
    });

    it('reads the generation per request while its notification connection is down, and listens again later', async () => {
      const catalogue = api.app.get(CatalogueRepository);
      await api.gql<Tracks>(TRACKS);
      await waitFor(() => (catalogue.isListening ? true : undefined), { what: 'LISTEN', timeoutMs: 5000 });
      const [{ pid }] = await listener();
      await db.query('SELECT pg_terminate_backend($1)', [pid]);
      await waitFor(() => (catalogue.isListening ? undefined : true), { what: 'the lost connection', timeoutMs: 5000 });
      // A change while nobody listens is still seen at once: each read asks the table.
      await db.query(`UPDATE exercises SET assessment_only = true WHERE slug = 'stable-softmax'`);
      try {
        expect(listed((await api.gql<Tracks>(TRACKS)).data)).not.toContain('stable-softmax');
      } finally {
        await db.query(`UPDATE exercises SET assessment_only = false WHERE slug = 'stable-softmax'`);
      }
      expect(listed((await api.gql<Tracks>(TRACKS)).data)).toContain('stable-softmax');
      // After the pause it listens on a new connection.
      await waitFor(
        async () => {
          await catalogue.generation();
          return catalogue.isListening ? true : undefined;
        },
        { what: 'listening again', timeoutMs: 15_000, intervalMs: 200 },
      );
      const [again] = await listener();
      expect(again.pid).not.toBe(pid);
    }, 30_000);
  });

  describe('whole answers kept until the catalogue changes', () => {
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(api.config.REDIS_URL);
    });
    afterAll(() => redis.disconnect());
    /** Operations charged so far to every address (the tests' requests all come from loopback). */
    const charged = async () => {
      const keys = await redis.keys(`${api.config.QUEUE_PREFIX}:rl:ops-ip:*`);
      const values = keys.length ? await redis.mget(...keys) : [];
      return { keys, total: values.reduce((sum, v) => sum + Number(v ?? 0), 0) };
    };
    const TWO = '{ a: tracks { slug } b: exercise(slug: "stable-softmax") { slug title } }';

    it('answers a repeated operation without running it, and still charges each root field', async () => {
      const list = jest.spyOn(api.app.get(TracksService), 'list');
      try {
        const first = await api.gql(TWO);
        expect(first.errors).toBeUndefined();
        const runs = list.mock.calls.length;
        expect(runs).toBe(1);
        const before = (await charged()).total;
        const again = await api.gql(TWO);
        expect(again.data).toEqual(first.data);
        expect(list.mock.calls.length).toBe(runs); // served whole from the cache
        expect((await charged()).total - before).toBe(2); // as AuthGuard would: one per root field
        // Other variables or another locale are other answers.
        await api.gql('{ a: tracks(locale: "zh-CN") { slug } b: exercise(slug: "stable-softmax") { slug title } }');
        expect(list.mock.calls.length).toBe(runs + 1);
      } finally {
        list.mockRestore();
      }
    });

    it('refuses a cached operation past the budget in the usual form', async () => {
      await api.gql(TWO);
      const { keys } = await charged();
      // Spend the address's budget for this minute (the window stays as it is).
      for (const key of keys) await redis.set(key, String(api.config.API_OPERATIONS_PER_MINUTE_PER_IP), 'KEEPTTL');
      try {
        const refused = await api.gql(TWO);
        expect(refused.data).toBeNull();
        expect(refused.errors?.map((e) => e.extensions?.code)).toContain('RATE_LIMITED');
        expect(refused.errors?.[0]?.path).toBeDefined();
        expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      } finally {
        for (const key of keys) await redis.del(key);
      }
    });

    it('keeps no answer with errors', async () => {
      const list = jest.spyOn(api.app.get(TracksService), 'list');
      try {
        for (let i = 0; i < 2; i++) {
          const res = await api.gql('{ track(slug: "no-such-track") { slug } }');
          expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        }
        expect(list.mock.calls.length).toBe(2);
      } finally {
        list.mockRestore();
      }
    });
  });

  it('still answers NOT_FOUND for an unknown track', async () => {
    const res = await api.gql('{ track(slug: "no-such-track") { slug } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
