import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { notFound } from '../common/domain-error.js';
import { pick, type Locale } from '../common/locale.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { SkillEntity } from './skill.entity.js';
import { TrackEntity, type TrackEntry } from './track.entity.js';
import type { TrackExerciseView, TrackView } from './track.types.js';

@Injectable()
export class TracksService {
  constructor(
    @InjectRepository(TrackEntity) private readonly tracks: Repository<TrackEntity>,
    @InjectRepository(SkillEntity) private readonly skills: Repository<SkillEntity>,
    private readonly exercises: ExercisesService,
  ) {}

  async list(locale: Locale): Promise<TrackView[]> {
    const tracks = await this.tracks.find({ order: { position: 'ASC', slug: 'ASC' } });
    return this.toViews(tracks, locale);
  }

  async bySlug(slug: string, locale: Locale): Promise<TrackView> {
    const track = await this.tracks.findOneBy({ slug });
    if (!track) throw notFound(`Track "${slug}"`);
    return (await this.toViews([track], locale))[0]!;
  }

  /** Builds localised views with two extra queries in all, whatever the number of tracks. */
  private async toViews(tracks: TrackEntity[], locale: Locale): Promise<TrackView[]> {
    if (tracks.length === 0) return [];
    const skills = await this.skills.find({
      where: { trackId: In(tracks.map((t) => t.id)) },
      order: { position: 'ASC' },
    });
    const slugs = tracks.flatMap((t) => t.entries.filter((e) => !e.planned).map((e) => e.slug));
    const published = await this.exercises.latestPublishedBySlugs(slugs);
    // Exercises published through the API are in no track file: they follow the listed ones.
    const listed = new Set(tracks.flatMap((t) => t.entries.map((e) => e.slug)));
    const authored = (await this.exercises.publishedInTracks(tracks.map((t) => t.id))).filter(
      (p) => !listed.has(p.exercise.slug),
    );
    for (const p of authored) published.set(p.exercise.slug, p);
    return tracks.map((t) => ({
      slug: t.slug,
      locale,
      position: t.position,
      title: pick(t.title, locale),
      summary: pick(t.summary, locale),
      sources: t.sources,
      skills: skills
        .filter((s) => s.trackId === t.id)
        .map((s) => ({ slug: s.slug, title: pick(s.title, locale), description: pick(s.description, locale) })),
      // Assessment-only and retired exercises never appear in practice.
      exercises: [
        ...t.entries,
        ...authored
          .filter((p) => p.exercise.trackId === t.id)
          .map((p): TrackEntry => ({ slug: p.exercise.slug, planned: false })),
      ]
        .filter((e) => {
          const p = published.get(e.slug);
          return !p?.exercise.assessmentOnly && !p?.exercise.retiredAt;
        })
        .map((entry): TrackExerciseView => {
          const found = entry.planned ? undefined : published.get(entry.slug);
          if (!found) {
            return {
              slug: entry.slug,
              title: pick(entry.title, locale) || entry.slug,
              summary: entry.summary && pick(entry.summary, locale),
              available: false,
            };
          }
          return {
            slug: entry.slug,
            title: pick(found.version.title, locale),
            summary: pick(found.version.summary, locale),
            available: true,
            type: found.exercise.type,
            difficulty: found.version.difficulty,
          };
        }),
    }));
  }
}
