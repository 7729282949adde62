import { describe, expect, it, jest } from '@jest/globals';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import type { ExercisesService, PublishedExercise } from '../exercises/exercises.service.js';
import type { CatalogueRepository } from './catalogue.repository.js';
import type { SkillEntity } from './skill.entity.js';
import type { TrackEntity } from './track.entity.js';
import { TracksService } from './tracks.service.js';

const text = (en: string) => ({ en, 'zh-CN': `${en}（中文）` });
const track = (slug: string, entries: TrackEntity['entries'], position = 1): TrackEntity => ({
  id: `id-${slug}`,
  slug,
  position,
  title: text(slug),
  summary: text(`${slug} summary`),
  sources: [],
  entries,
  contentHash: 'hash',
  updatedAt: new Date(0),
});
const published = (slug: string, trackId: string, assessmentOnly = false): PublishedExercise =>
  ({
    exercise: { slug, trackId, assessmentOnly, type: 'CODING' },
    version: { title: text(`${slug} title`), summary: text(`${slug} s`), difficulty: 2 },
  }) as unknown as PublishedExercise;

/** The service under test with its repositories and the exercises service stubbed. */
function newTestService(opts: {
  tracks: TrackEntity[];
  published?: PublishedExercise[];
  authored?: PublishedExercise[];
}) {
  let generation = 0;
  const tracks = { find: jest.fn(async () => opts.tracks) };
  const skills = { find: jest.fn(async () => [] as SkillEntity[]) };
  const exercises = {
    latestPublishedBySlugs: jest.fn(
      async (slugs: string[]) =>
        new Map((opts.published ?? []).filter((p) => slugs.includes(p.exercise.slug)).map((p) => [p.exercise.slug, p])),
    ),
    publishedInTracks: jest.fn(async () => opts.authored ?? []),
  };
  const catalogue = { generation: jest.fn(async () => String(generation)) };
  const sut = new TracksService(
    tracks as unknown as Repository<TrackEntity>,
    skills as unknown as Repository<SkillEntity>,
    exercises as unknown as ExercisesService,
    catalogue as unknown as CatalogueRepository,
  );
  return { sut, tracks, exercises, bump: () => (generation += 1) };
}

describe('TracksService', () => {
  const foundations = track('foundations', [
    { slug: 'stable-softmax', planned: false },
    { slug: 'hidden-one', planned: false },
    { slug: 'later', planned: true, title: text('Later') },
  ]);
  const shown = [published('stable-softmax', 'id-foundations'), published('hidden-one', 'id-foundations', true)];

  it('builds the views once while the catalogue generation stays, and again when it moves', async () => {
    const { sut, tracks, bump } = newTestService({ tracks: [foundations], published: shown });
    const first = await sut.list('en');
    await sut.list('en');
    await sut.bySlug('foundations', 'en');
    expect(tracks.find).toHaveBeenCalledTimes(1);
    bump();
    expect(await sut.list('en')).toEqual(first);
    expect(tracks.find).toHaveBeenCalledTimes(2);
  });

  it('keeps one build per locale and shares it between concurrent requests', async () => {
    const { sut, tracks } = newTestService({ tracks: [foundations], published: shown });
    const [en, again, zh] = await Promise.all([sut.list('en'), sut.list('en'), sut.list('zh-CN')]);
    expect(again).toBe(en);
    expect(zh[0]!.title).toBe('foundations（中文）');
    expect(tracks.find).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed build: the next request tries again', async () => {
    const { sut, tracks } = newTestService({ tracks: [foundations], published: shown });
    tracks.find.mockRejectedValueOnce(new Error('connection reset'));
    await expect(sut.list('en')).rejects.toThrow('connection reset');
    expect((await sut.list('en'))[0]!.slug).toBe('foundations');
  });

  it('hides assessment-only exercises, shows planned ones as unavailable, and appends API-published ones', async () => {
    const authored = published('mentor-made', 'id-foundations');
    const { sut } = newTestService({ tracks: [foundations], published: shown, authored: [authored] });
    const [view] = await sut.list('en');
    expect(view!.exercises.map((e) => [e.slug, e.available])).toEqual([
      ['stable-softmax', true],
      ['later', false],
      ['mentor-made', true],
    ]);
    expect(view!.exercises[0]).toMatchObject({ title: 'stable-softmax title', type: 'CODING', difficulty: 2 });
  });

  it('answers NOT_FOUND naming an unknown track', async () => {
    const { sut } = newTestService({ tracks: [foundations], published: shown });
    const error = await sut.bySlug('nope', 'en').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('NOT_FOUND');
    expect((error as DomainError).message).toMatch(/nope/);
  });
});
