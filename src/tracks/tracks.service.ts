import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { notFound } from '../common/domain-error.js';
import { pick, type Locale } from '../common/locale.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { SkillEntity } from './skill.entity.js';
import { TrackEntity, type TrackEntry } from './track.entity.js';
import type { TrackExerciseView, TrackView } from './track.types.js';

/**
 * The catalogue every visitor loads. Its views are built once per locale and kept until the
 * catalogue generation moves (a trigger moves it on any change to tracks, skills, exercises or
 * versions, from any process), so a request costs one small query instead of four and the
 * assembly; concurrent requests after a change share one rebuild.
 */
@Injectable()
export class TracksService {
  private readonly cached = new Map<Locale, { generation: string; views: Promise<TrackView[]> }>();

  constructor(
    @InjectRepository(TrackEntity) private readonly tracks: Repository<TrackEntity>,
    @InjectRepository(SkillEntity) private readonly skills: Repository<SkillEntity>,
    private readonly exercises: ExercisesService,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async list(locale: Locale): Promise<TrackView[]> {
    const generation = await this.catalogue.generation();
    const hit = this.cached.get(locale);
    if (hit?.generation === generation) return hit.views;
    const views = this.build(locale);
    this.cached.set(locale, { generation, views });
    // A failed build is not kept: the next request tries again.
    views.catch(() => {
      if (this.cached.get(locale)?.views === views) this.cached.delete(locale);
    });
    return views;
  }

  async bySlug(slug: string, locale: Locale): Promise<TrackView> {
    const track = (await this.list(locale)).find((t) => t.slug === slug);
    if (!track) throw notFound(`Track "${slug}"`);
    return track;
  }

  private async build(locale: Locale): Promise<TrackView[]> {
    const tracks = await this.tracks.find({ order: { position: 'ASC', slug: 'ASC' } });
    return this.toViews(tracks, locale);
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
