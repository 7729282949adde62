import type { DataSource, EntityManager } from 'typeorm';
import { advisoryXactLock } from '../database/queries.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../exercises/exercise.entity.js';
import { ExerciseOrigin, ExerciseType, VersionStatus } from '../exercises/exercise.types.js';
import { SkillEntity } from '../tracks/skill.entity.js';
import { TrackEntity, type TrackEntry } from '../tracks/track.entity.js';
import { loadContent, type LoadedExercise } from './content-loader.js';

export interface SyncReport {
  tracksCreated: number;
  tracksUpdated: number;
  exercisesCreated: number;
  versionsCreated: number;
  unchanged: number;
  skipped: string[];
}

const SYNC_LOCK = 7_243_002;

/**
 * Makes the database match exercises/: idempotent (a second run changes nothing), in one
 * transaction. Changed exercise files become a new published version; older versions stay
 * for the submissions pinned to them. Exercises authored through the API are never touched.
 */
export async function syncContent(dataSource: DataSource, dir: string): Promise<SyncReport> {
  const content = loadContent(dir);
  const report: SyncReport = {
    tracksCreated: 0,
    tracksUpdated: 0,
    exercisesCreated: 0,
    versionsCreated: 0,
    unchanged: 0,
    skipped: [],
  };

  await dataSource.transaction(async (em) => {
    await advisoryXactLock(em, SYNC_LOCK);
    const trackIds = new Map<string, string>();
    for (const t of content.tracks) {
      const entries: TrackEntry[] = t.exercises.map((e) =>
        typeof e === 'string'
          ? { slug: e, planned: false }
          : { slug: e.slug, planned: true, title: e.title, summary: e.summary },
      );
      const values = {
        slug: t.slug,
        position: t.order,
        title: t.title,
        summary: t.summary,
        sources: t.sources,
        entries,
        contentHash: t.contentHash,
      };
      const existing = await em.findOneBy(TrackEntity, { slug: t.slug });
      let trackId: string;
      if (!existing) {
        trackId = (await em.save(TrackEntity, em.create(TrackEntity, values))).id;
        report.tracksCreated++;
      } else {
        trackId = existing.id;
        if (existing.contentHash !== t.contentHash) {
          await em.update(TrackEntity, { id: existing.id }, values);
          report.tracksUpdated++;
        } else report.unchanged++;
      }
      trackIds.set(t.slug, trackId);
      if (!existing || existing.contentHash !== t.contentHash) {
        for (const [position, s] of t.skills.entries()) {
          await em.upsert(
            SkillEntity,
            { slug: s.slug, trackId, position, title: s.title, description: s.description },
            ['slug'],
          );
        }
        const keep = t.skills.map((s) => s.slug);
        await em
          .createQueryBuilder()
          .delete()
          .from(SkillEntity)
          .where('track_id = :trackId', { trackId })
          .andWhere('slug NOT IN (:...keep)', { keep })
          .execute();
      }
    }
    for (const e of content.exercises) await syncExercise(em, e, trackIds.get(e.file.track)!, report);
  });
  return report;
}

async function syncExercise(em: EntityManager, e: LoadedExercise, trackId: string, report: SyncReport): Promise<void> {
  let exercise = await em.findOneBy(ExerciseEntity, { slug: e.file.slug });
  if (exercise && exercise.origin !== ExerciseOrigin.FILE) {
    report.skipped.push(`${e.file.slug}: a mentor-authored exercise already uses this slug; the file is ignored`);
    return;
  }
  if (!exercise) {
    exercise = await em.save(
      ExerciseEntity,
      em.create(ExerciseEntity, {
        slug: e.file.slug,
        trackId,
        type: e.file.type as ExerciseType,
        origin: ExerciseOrigin.FILE,
      }),
    );
    report.exercisesCreated++;
  } else if (exercise.trackId !== trackId) {
    await em.update(ExerciseEntity, { id: exercise.id }, { trackId });
  }
  const latest = await em.findOne(ExerciseVersionEntity, {
    where: { exerciseId: exercise.id },
    order: { version: 'DESC' },
  });
  if (latest?.contentHash === e.contentHash) {
    report.unchanged++;
    return;
  }
  const f = e.file;
  await em.insert(ExerciseVersionEntity, {
    exerciseId: exercise.id,
    version: (latest?.version ?? 0) + 1,
    status: VersionStatus.PUBLISHED,
    publishedAt: new Date(),
    title: f.title,
    summary: f.summary,
    statement: e.statement,
    difficulty: f.difficulty,
    skills: f.skills,
    dataset: f.dataset ?? null,
    task: f.task ?? null,
    budget: f.budget ?? null,
    grader: f.grader,
    threshold: f.threshold ?? null,
    maxGap: f.maxGap ?? null,
    calibration: f.calibration ?? null,
    starterCode: e.starterCode,
    referenceCode: e.referenceCode,
    baselineCode: e.baselineCode,
    extraSolutions: e.extraSolutions,
    entry: f.entry ?? null,
    pythonEntry: e.python?.entry ?? null,
    pythonStarterCode: e.python?.starterCode ?? null,
    pythonReferenceCode: e.python?.referenceCode ?? null,
    tests: storedCodingTests(e.tests),
    quiz: e.quiz ?? null,
    hints: e.hints ?? null,
    explanation: e.explanation ?? null,
    contentHash: e.contentHash,
  });
  report.versionsCreated++;
}
