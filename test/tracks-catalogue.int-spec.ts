/**
 * Issue 9, "Speed under load": `tracks` is served from views cached per locale and rebuilt only
 * when the catalogue generation moves — which triggers do on any change, by any writer.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { getRepositoryToken } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { TrackEntity } from '../src/tracks/track.entity.js';
import { startTestApi, type TestApi } from './support/test-app.js';

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

  it('sees a change made behind its back at once (a raw UPDATE, as another process or psql would)', async () => {
    expect(listed((await api.gql<Tracks>(TRACKS)).data)).toContain('stable-softmax');
    await db.query(`UPDATE exercises SET assessment_only = true WHERE slug = 'stable-softmax'`);
    try {
      expect(listed((await api.gql<Tracks>(TRACKS)).data)).not.toContain('stable-softmax');
      const track = await api.gql<{ track: { exercises: { slug: string }[] } }>(
        '{ track(slug: "foundations") { exercises { slug } } }',
      );
      expect(track.data!.track.exercises.map((e) => e.slug)).not.toContain('stable-softmax');
    } finally {
      await db.query(`UPDATE exercises SET assessment_only = false WHERE slug = 'stable-softmax'`);
    }
    expect(listed((await api.gql<Tracks>(TRACKS)).data)).toContain('stable-softmax');
  });

  it('still answers NOT_FOUND for an unknown track', async () => {
    const res = await api.gql('{ track(slug: "no-such-track") { slug } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
