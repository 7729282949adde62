import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { DomainError, notFound } from '../common/domain-error.js';
import { pick, type Locale } from '../common/locale.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { codingTests } from '../coding/stored-tests.js';
import { showJson } from '../coding/test-report.js';
import { ExerciseVersionEntity } from './exercise-version.entity.js';
import { ExerciseEntity } from './exercise.entity.js';
import { defaultPythonSandbox } from '../python-sandbox/python-sandbox.js';
import { ExerciseType, SubmissionLanguage, VersionStatus } from './exercise.types.js';
import type { ExerciseLanguageView, ExerciseView, TrainingDefaultsView } from './exercise.view.js';
import { trainingDefaults, type TrainingDefaults } from './training-defaults.js';

export interface PublishedExercise {
  exercise: ExerciseEntity;
  version: ExerciseVersionEntity;
}

@Injectable()
export class ExercisesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(ExerciseEntity) private readonly exercises: Repository<ExerciseEntity>,
    @InjectRepository(ExerciseVersionEntity) private readonly versions: Repository<ExerciseVersionEntity>,
  ) {}

  /** The newest published version of each slug that has one. */
  async latestPublishedBySlugs(slugs: string[]): Promise<Map<string, PublishedExercise>> {
    const found = new Map<string, PublishedExercise>();
    if (slugs.length === 0) return found;
    const exercises = await this.exercises.find({ where: { slug: In(slugs) }, relations: { track: true } });
    if (exercises.length === 0) return found;
    const versions = await this.versions
      .createQueryBuilder('v')
      .distinctOn(['v.exercise_id'])
      .where('v.exercise_id IN (:...ids)', { ids: exercises.map((e) => e.id) })
      .andWhere('v.status = :status', { status: VersionStatus.PUBLISHED })
      .orderBy('v.exercise_id')
      .addOrderBy('v.version', 'DESC')
      .getMany();
    for (const exercise of exercises) {
      const version = versions.find((v) => v.exerciseId === exercise.id);
      if (version) found.set(exercise.slug, { exercise, version });
    }
    return found;
  }

  /** Every exercise with a published version, newest version each: assessment-only and retired ones included (the hiring managers' bank). */
  async allPublished(): Promise<PublishedExercise[]> {
    const all = await this.exercises.find({ select: { slug: true }, order: { createdAt: 'ASC' } });
    return [...(await this.latestPublishedBySlugs(all.map((e) => e.slug))).values()];
  }

  /** The exercise with this slug and its track, published or not; null when there is none. */
  async withTrack(slug: string): Promise<ExerciseEntity | null> {
    return this.exercises.findOne({ where: { slug }, relations: { track: true } });
  }

  async byIds(ids: string[]): Promise<ExerciseEntity[]> {
    return ids.length ? this.exercises.find({ where: { id: In([...new Set(ids)]) } }) : [];
  }

  async versionsByIds(ids: string[]): Promise<ExerciseVersionEntity[]> {
    return ids.length ? this.versions.find({ where: { id: In([...new Set(ids)]) } }) : [];
  }

  /** Counts one more assessment that pinned the exercise, inside the caller's transaction. */
  async countExposure(em: EntityManager, exerciseId: string): Promise<void> {
    await em.increment(ExerciseEntity, { id: exerciseId }, 'assessmentExposures', 1);
  }

  /** The id of the exercise with this slug, published or not; null when there is none. */
  async idOf(slug: string): Promise<string | null> {
    return (await this.exercises.findOne({ where: { slug }, select: { id: true } }))?.id ?? null;
  }

  /** Exercises of these tracks with a published version, newest version each (for exercises not listed in a track file). */
  async publishedInTracks(trackIds: string[]): Promise<PublishedExercise[]> {
    if (trackIds.length === 0) return [];
    const exercises = await this.exercises.find({ where: { trackId: In(trackIds) }, order: { createdAt: 'ASC' } });
    const found = await this.latestPublishedBySlugs(exercises.map((e) => e.slug));
    return [...found.values()];
  }

  /**
   * The newest published version; assessment-only and retired exercises are hidden from practice
   * unless asked for (an assessment that pinned them still reaches them).
   */
  async published(slug: string, opts: { includeAssessmentOnly?: boolean } = {}): Promise<PublishedExercise> {
    const found = (await this.latestPublishedBySlugs([slug])).get(slug);
    const hidden = found && (found.exercise.assessmentOnly || found.exercise.retiredAt !== null);
    if (!found || (hidden && !opts.includeAssessmentOnly)) throw notFound(`Exercise "${slug}"`);
    return found;
  }

  /** One version by id (the one an assessment pinned). */
  async versionById(id: string): Promise<ExerciseVersionEntity> {
    const found = await this.versions.findOneBy({ id });
    if (!found) throw notFound(`Exercise version ${id}`);
    return found;
  }

  /** What labels a list of submissions: each version's number and each exercise's slug, by id. */
  async labels(
    versionIds: string[],
    exerciseIds: string[],
  ): Promise<{ versionNumbers: Map<string, number>; slugs: Map<string, string> }> {
    const [versions, exercises] = await Promise.all([
      versionIds.length
        ? this.versions.find({ where: { id: In([...new Set(versionIds)]) }, select: { id: true, version: true } })
        : [],
      exerciseIds.length
        ? this.exercises.find({ where: { id: In([...new Set(exerciseIds)]) }, select: { id: true, slug: true } })
        : [],
    ]);
    return {
      versionNumbers: new Map(versions.map((v) => [v.id, v.version])),
      slugs: new Map(exercises.map((e) => [e.id, e.slug])),
    };
  }

  async view(slug: string, locale: Locale): Promise<ExerciseView> {
    const { exercise, version } = await this.published(slug);
    return this.toView(exercise, version, locale);
  }

  /**
   * The languages a version accepts. PYTHON is listed when the version has a Python reference
   * (pythonEntry), with whether this server's Python sandbox runs (checked once, then cached).
   */
  async languages(type: ExerciseType, pythonEntry: string | null): Promise<ExerciseLanguageView[]> {
    const on = (language: SubmissionLanguage): ExerciseLanguageView => ({ language, available: true, reason: null });
    if (type === ExerciseType.QUIZ) return [];
    if (type === ExerciseType.MODEL)
      return [on(SubmissionLanguage.TYPESCRIPT), on(SubmissionLanguage.JAVASCRIPT), on(SubmissionLanguage.KERAS_JSON)];
    const languages = [on(SubmissionLanguage.TYPESCRIPT), on(SubmissionLanguage.JAVASCRIPT)];
    if (pythonEntry) {
      const python = await defaultPythonSandbox('api').availability();
      languages.push({
        language: SubmissionLanguage.PYTHON,
        available: python.available,
        reason: python.available ? null : python.reason,
      });
    }
    return languages;
  }

  /**
   * Refuses PYTHON for a version that has no Python reference, or while this server cannot run
   * Python; returns the function the tests call.
   */
  async requirePython(slug: string, version: ExerciseVersionEntity): Promise<string> {
    if (!version.pythonEntry)
      throw new DomainError('BAD_USER_INPUT', `language: "${slug}" is not offered in PYTHON; use TYPESCRIPT or JAVASCRIPT`, {
        field: 'language',
      });
    const python = await defaultPythonSandbox('api').availability();
    if (!python.available)
      throw new DomainError(
        'BAD_USER_INPUT',
        'language: PYTHON is unavailable on this server (its sandbox does not run here); use TYPESCRIPT or JAVASCRIPT',
        { field: 'language' },
      );
    return version.pythonEntry;
  }

  /** What a candidate sees of one version (also used for an assessment's pinned version); `exercise.track` loaded. */
  toView(exercise: ExerciseEntity, version: ExerciseVersionEntity, locale: Locale): ExerciseView {
    return {
      id: exercise.id,
      slug: exercise.slug,
      locale,
      version: version.version,
      type: exercise.type,
      title: pick(version.title, locale),
      summary: pick(version.summary, locale),
      statement: pick(version.statement, locale),
      difficulty: version.difficulty,
      track: { slug: exercise.track!.slug, title: pick(exercise.track!.title, locale) },
      skills: version.skills,
      dataset: version.dataset ?? undefined,
      task: version.task ?? undefined,
      budget: version.budget ?? undefined,
      trainingDefaults: version.task && version.budget ? defaultsView(trainingDefaults(version.task, version.budget)) : undefined,
      grader: version.grader,
      threshold: version.threshold ?? undefined,
      maxGap: version.maxGap,
      starterCode: version.starterCode,
      entry: version.entry,
      pythonEntry: version.pythonEntry ?? null,
      pythonStarterCode: version.pythonEntry ? version.pythonStarterCode : null,
      // Only what a candidate may see: no hidden tests, no answer key.
      visibleTests: codingTests(version)
        ?.filter((t) => !t.hidden)
        .map((t) => ({ name: t.name, input: showJson(t.input), expected: t.throws ? null : showJson(t.expected ?? null), throws: t.throws === true })),
      hiddenTestCount: codingTests(version)?.filter((t) => t.hidden).length ?? null,
      practiceAttemptsPerHour: this.config.PRACTICE_ATTEMPTS_PER_HOUR,
      questions: version.quiz?.questions.map((q) => ({
        id: q.id,
        kind: q.kind,
        text: pick(q.text, locale),
        options: (q.options ?? []).map((o) => ({ id: o.id, text: pick(o.text, locale) })),
      })),
    };
  }
}

function defaultsView(d: TrainingDefaults): TrainingDefaultsView {
  return {
    optimizer: d.compile.optimizer.name,
    learningRate: d.compile.optimizer.learningRate,
    loss: d.compile.loss,
    epochs: d.fit.epochs,
    batchSize: d.fit.batchSize,
    validationSplit: d.fit.validationSplit,
  };
}
