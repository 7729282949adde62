import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { GRADER_EXERCISE_TYPES } from '../graders/index.js';
import { SkillEntity } from '../tracks/skill.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { badInput, DomainError, notFound } from '../common/domain-error.js';
import type { LocalizedText } from '../common/locale.js';
import { codingTests, storedCodingTests } from '../coding/stored-tests.js';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../exercises/exercise.entity.js';
import { ExerciseOrigin, ExerciseType, VersionStatus } from '../exercises/exercise.types.js';
import { GRADING_QUEUE, validationJobOptions, type GradingJobData } from '../submissions/grading-queue.js';
import { TrackEntity } from '../tracks/track.entity.js';
import { Role } from '../access/role.enum.js';
import { AssessmentEntity, AssessmentItemEntity } from '../assessments/assessment.entity.js';
import type { StoredCodingTests } from '../coding/stored-tests.js';
import type { DraftContentView, DraftView, ExerciseVersionView, ValidationView } from './authoring.types.js';
import type { ExerciseDraftInput } from './dto/exercise-draft.input.js';
import type { ExerciseDraftPatchInput } from './dto/exercise-draft-patch.input.js';
import { taskFitProblem } from './task-fit.js';
import { expectedFromReference } from './expected-values.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import { CheckAdmission } from '../check-pool/check-admission.js';
import { CHECK_POOL } from '../check-pool/check-pool.js';
import { draftHash } from './draft-hash.js';
import { inputOf, versionValues } from './draft-values.js';
import { ExerciseValidationEntity } from './exercise-validation.entity.js';

/** Exercises synced from exercises/ belong to the repository: refused, with the way out. */
const fromRepository = (slug: string) =>
  new DomainError(
    'EXERCISE_FROM_REPOSITORY',
    `"${slug}" comes from the exercises/ folder of the repository: change it there (with a pull request), or duplicate it as a draft of your own with duplicateExerciseAsDraft`,
  );

/**
 * Mentors author MODEL exercises through the API: drafts, validation runs on the same queue
 * and workers as submissions, and publishing. A published version is never changed; editing
 * it starts the next version as a draft.
 */
@Injectable()
export class AuthoringService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(GRADING_QUEUE) private readonly queue: Queue<GradingJobData>,
    private readonly audit: AuditService,
    @Inject(CHECK_POOL) private readonly pool: SandboxPool,
    private readonly admission: CheckAdmission,
  ) {}

  /**
   * CODING drafts: runs the reference on every test's input (in the API's check pool, under
   * EXPECTED_FILLS_PER_MINUTE) and stores what it returns as the expected values.
   */
  async fillExpectedValues(user: AuthUser, slug: string): Promise<DraftView> {
    const draft = await this.db.transaction(async (em) => this.latestDraft(em, await this.editable(em, user, slug)));
    const tests = codingTests(draft);
    if (!tests) throw badInput('slug', `slug: "${slug}" is not a CODING exercise; only tests have expected values`);
    await this.admission.admit(user.id, 'expectedFills');
    const filled = await expectedFromReference(
      this.pool,
      { code: draft.referenceCode, entry: draft.entry ?? 'default' },
      tests,
    );
    await this.db.transaction(async (em) => {
      // The draft may have been edited while the reference ran: fill only what it was run on.
      const now = await this.latestDraft(em, await this.editable(em, user, slug));
      if (now.id !== draft.id || draftHash(now) !== draftHash(draft))
        throw new DomainError(
          'CONFLICT',
          `"${slug}" was edited while the reference ran; fill the expected values again`,
        );
      const tests = storedCodingTests(filled);
      await em.update(ExerciseVersionEntity, { id: now.id }, { tests, contentHash: draftHash({ ...now, tests }) });
    });
    await this.audit.record(user.id, 'exercise.expected_filled', 'exercise', draft.exerciseId, {
      slug,
      version: draft.version,
    });
    return this.draftView(slug, user);
  }

  async create(user: AuthUser, input: ExerciseDraftInput): Promise<DraftView> {
    const version = await this.db.transaction(async (em) => {
      if (await em.findOneBy(ExerciseEntity, { slug: input.slug })) {
        throw new DomainError('CONFLICT', `slug: an exercise "${input.slug}" already exists`, { field: 'slug' });
      }
      const track = await this.track(em, input.trackSlug);
      await this.checkMetadata(em, input);
      const type = input.type === 'CODING' ? ExerciseType.CODING : ExerciseType.MODEL;
      const exercise = await em.save(
        ExerciseEntity,
        em.create(ExerciseEntity, {
          slug: input.slug,
          trackId: track.id,
          type,
          origin: ExerciseOrigin.API,
          createdBy: user.id,
        }),
      );
      return this.insertDraft(em, exercise.id, 1, input);
    });
    await this.audit.record(user.id, 'exercise.drafted', 'exercise', version.exerciseId, {
      slug: input.slug,
      version: 1,
    });
    return this.draftView(input.slug, user);
  }

  /**
   * Changes only the fields given (the others keep the newest version's values): updates the
   * draft, or starts a new draft version when the newest one is published.
   */
  async update(user: AuthUser, slug: string, patch: ExerciseDraftPatchInput): Promise<DraftView> {
    if (patch.slug !== undefined && patch.slug !== null && patch.slug !== slug)
      throw new DomainError('BAD_USER_INPUT', 'input.slug: must equal the slug of the exercise being edited', {
        field: 'slug',
      });
    const version = await this.db.transaction(async (em) => {
      const exercise = await this.editable(em, user, slug);
      if (patch.type && patch.type !== exercise.type)
        throw new DomainError('BAD_USER_INPUT', `type: "${slug}" is a ${exercise.type} exercise`, { field: 'type' });
      const latest = await em.findOneOrFail(ExerciseVersionEntity, {
        where: { exerciseId: exercise.id },
        order: { version: 'DESC' },
      });
      const current = await em.findOneByOrFail(TrackEntity, { id: exercise.trackId });
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null));
      const input: ExerciseDraftInput = {
        ...inputOf(exercise, current.slug, latest),
        ...given,
        slug,
        type: exercise.type === ExerciseType.CODING ? 'CODING' : 'MODEL',
      };
      const track = await this.track(em, input.trackSlug);
      await this.checkMetadata(em, input);
      if (track.id !== exercise.trackId) await em.update(ExerciseEntity, { id: exercise.id }, { trackId: track.id });
      // Without new testsYaml the stored tests (expected values filled in, perhaps) stay as they are.
      const keptTests = input.testsYaml === undefined ? latest.tests : undefined;
      if (latest.status === VersionStatus.DRAFT) {
        await em.update(ExerciseVersionEntity, { id: latest.id }, versionValues(input, keptTests));
        return latest;
      }
      return this.insertDraft(em, exercise.id, latest.version + 1, input, keptTests);
    });
    await this.audit.record(user.id, 'exercise.edited', 'exercise', version.exerciseId, {
      slug,
      version: version.version,
    });
    return this.draftView(slug, user);
  }

  async requestValidation(user: AuthUser, slug: string): Promise<ValidationView> {
    const draft = await this.db.transaction(async (em) => this.latestDraft(em, await this.editable(em, user, slug)));
    const repo = this.db.getRepository(ExerciseValidationEntity);
    const run = await repo.save(
      repo.create({ exerciseVersionId: draft.id, contentHash: draftHash(draft), requestedBy: user.id }),
    );
    await this.queue.add('validate', { validationId: run.id }, validationJobOptions(run.id));
    return this.validationView(run, draft);
  }

  async validation(id: string): Promise<ValidationView> {
    const run = await this.db.getRepository(ExerciseValidationEntity).findOneBy({ id });
    if (!run) throw notFound(`Validation run ${id}`);
    const version = await this.db.getRepository(ExerciseVersionEntity).findOneByOrFail({ id: run.exerciseVersionId });
    return this.validationView(run, version);
  }

  /** Publishes the draft; refused until a validation run of exactly this content passed. */
  async publish(user: AuthUser, slug: string): Promise<DraftView> {
    const published = await this.db.transaction(async (em) => {
      const draft = await this.latestDraft(em, await this.editable(em, user, slug));
      const passed = await em.findOne(ExerciseValidationEntity, {
        where: { exerciseVersionId: draft.id, contentHash: draftHash(draft), status: 'PASSED' },
        order: { createdAt: 'DESC' },
      });
      if (!passed) {
        throw new DomainError(
          'CONFLICT',
          `Version ${draft.version} of "${slug}" cannot be published before a validation run of its current content has passed (the reference must pass; the baseline, or for coding exercises the starter, must fail); run validateExercise first`,
        );
      }
      await em.update(
        ExerciseVersionEntity,
        { id: draft.id },
        { status: VersionStatus.PUBLISHED, publishedAt: new Date() },
      );
      return draft;
    });
    await this.audit.record(user.id, 'exercise.published', 'exercise', published.exerciseId, {
      slug,
      version: published.version,
    });
    return this.draftView(slug, user);
  }

  /** Keeps an exercise (file or API) out of practice so it stays fresh for assessments (audited). */
  async setAssessmentOnly(user: AuthUser, slug: string, assessmentOnly: boolean): Promise<DraftView> {
    const exercise = await this.db.getRepository(ExerciseEntity).findOneBy({ slug });
    if (!exercise) throw notFound(`Exercise "${slug}"`);
    this.mayFlag(user, exercise);
    await this.db.getRepository(ExerciseEntity).update({ id: exercise.id }, { assessmentOnly });
    await this.audit.record(user.id, 'exercise.assessment_only_set', 'exercise', exercise.id, { slug, assessmentOnly });
    return this.draftView(slug, user);
  }

  /**
   * Retires a published exercise (or brings it back): out of practice and tracks, refused by new
   * assessments; its versions, submissions and the assessments that pinned it stay (audited).
   */
  async setRetired(user: AuthUser, slug: string, retired: boolean): Promise<DraftView> {
    const exercise = await this.db.getRepository(ExerciseEntity).findOneBy({ slug });
    if (!exercise) throw notFound(`Exercise "${slug}"`);
    this.mayFlag(user, exercise);
    const published = await this.db
      .getRepository(ExerciseVersionEntity)
      .existsBy({ exerciseId: exercise.id, status: VersionStatus.PUBLISHED });
    if (!published)
      throw new DomainError(
        'CONFLICT',
        `"${slug}" was never published, so there is nothing to retire; delete the draft with deleteExerciseDraft instead`,
      );
    await this.db
      .getRepository(ExerciseEntity)
      .update({ id: exercise.id }, { retiredAt: retired ? (exercise.retiredAt ?? new Date()) : null });
    await this.audit.record(user.id, retired ? 'exercise.retired' : 'exercise.restored', 'exercise', exercise.id, {
      slug,
    });
    return this.draftView(slug, user);
  }

  /** Every version, oldest first; content (for a diff) for the author and admins only. */
  async versions(slug: string, reader: AuthUser): Promise<ExerciseVersionView[]> {
    const exercise = await this.db.getRepository(ExerciseEntity).findOneBy({ slug });
    if (!exercise) throw notFound(`Exercise "${slug}"`);
    const rows = await this.db
      .getRepository(ExerciseVersionEntity)
      .find({ where: { exerciseId: exercise.id }, order: { version: 'ASC' } });
    const whole = reader.role === Role.ADMIN || reader.id === exercise.createdBy;
    return Promise.all(
      rows.map(async (v) => ({
        version: v.version,
        status: v.status,
        createdAt: v.createdAt,
        publishedAt: v.publishedAt,
        content: whole ? await this.contentView(exercise, v) : null,
      })),
    );
  }

  /**
   * A new draft (version 1, authored by the caller) with the content of another exercise's
   * newest published version: how a mentor changes an exercise that belongs to the repository.
   */
  async duplicate(user: AuthUser, slug: string, newSlug: string): Promise<DraftView> {
    const copy = await this.db.transaction(async (em) => {
      const source = await em.findOneBy(ExerciseEntity, { slug });
      const version =
        source &&
        (await em.findOne(ExerciseVersionEntity, {
          where: { exerciseId: source.id, status: VersionStatus.PUBLISHED },
          order: { version: 'DESC' },
        }));
      if (!source || !version) throw notFound(`Published exercise "${slug}"`);
      if (await em.findOneBy(ExerciseEntity, { slug: newSlug }))
        throw new DomainError('CONFLICT', `newSlug: an exercise "${newSlug}" already exists`, { field: 'newSlug' });
      const exercise = await em.save(
        ExerciseEntity,
        em.create(ExerciseEntity, {
          slug: newSlug,
          trackId: source.trackId,
          type: source.type,
          origin: ExerciseOrigin.API,
          createdBy: user.id,
        }),
      );
      const { id: _id, exerciseId: _e, exercise: _x, createdAt: _c, publishedAt: _p, ...content } = version;
      await em.save(
        ExerciseVersionEntity,
        em.create(ExerciseVersionEntity, {
          ...content,
          exerciseId: exercise.id,
          version: 1,
          status: VersionStatus.DRAFT,
          publishedAt: null,
        }),
      );
      return exercise;
    });
    await this.audit.record(user.id, 'exercise.duplicated', 'exercise', copy.id, { from: slug, slug: newSlug });
    return this.draftView(newSlug, user);
  }

  /** The caller's own exercises (drafts and published), newest first. */
  async mine(user: AuthUser): Promise<DraftView[]> {
    const rows = await this.db
      .getRepository(ExerciseEntity)
      .find({ where: { createdBy: user.id }, order: { createdAt: 'DESC' } });
    return Promise.all(rows.map((r) => this.draftView(r.slug, user)));
  }

  /**
   * Deletes the draft version (and the exercise when it was never published). Published
   * versions are never deleted: submissions and assessments point at them.
   */
  async deleteDraft(user: AuthUser, slug: string): Promise<boolean> {
    const draft = await this.db.transaction(async (em) => {
      const exercise = await this.editable(em, user, slug);
      const latest = await this.latestDraft(em, exercise);
      await em.delete(ExerciseVersionEntity, { id: latest.id });
      if (!(await em.existsBy(ExerciseVersionEntity, { exerciseId: exercise.id })))
        await em.delete(ExerciseEntity, { id: exercise.id });
      return latest;
    });
    await this.audit.record(user.id, 'exercise.draft_deleted', 'exercise', draft.exerciseId, {
      slug,
      version: draft.version,
    });
    return true;
  }

  async draftView(slug: string, reader?: AuthUser): Promise<DraftView> {
    const exercise = await this.db.getRepository(ExerciseEntity).findOneBy({ slug });
    if (!exercise) throw notFound(`Exercise "${slug}"`);
    const latest = await this.db
      .getRepository(ExerciseVersionEntity)
      .findOneOrFail({ where: { exerciseId: exercise.id }, order: { version: 'DESC' } });
    const run = await this.db
      .getRepository(ExerciseValidationEntity)
      .findOne({ where: { exerciseVersionId: latest.id }, order: { createdAt: 'DESC' } });
    return {
      exerciseId: exercise.id,
      slug,
      version: latest.version,
      status: latest.status,
      assessmentOnly: exercise.assessmentOnly,
      retired: exercise.retiredAt !== null,
      fromRepository: exercise.origin !== ExerciseOrigin.API,
      title: latest.title.en,
      assessmentExposures: exercise.assessmentExposures,
      liveAssessmentCount: await this.liveAssessments(exercise.id),
      lastValidation: run ? this.validationView(run, latest) : null,
      // The whole content (reference code, hidden tests) only for its author and admins.
      content:
        reader && (reader.role === Role.ADMIN || reader.id === exercise.createdBy)
          ? await this.contentView(exercise, latest)
          : null,
    };
  }

  private async contentView(exercise: ExerciseEntity, v: ExerciseVersionEntity): Promise<DraftContentView> {
    const track = await this.db.getRepository(TrackEntity).findOneByOrFail({ id: exercise.trackId });
    const text = (t: LocalizedText) => ({ en: t.en, zhCN: t['zh-CN'] ?? '' });
    return {
      type: exercise.type,
      trackSlug: track.slug,
      difficulty: v.difficulty,
      title: text(v.title),
      summary: text(v.summary),
      statement: text(v.statement),
      skills: v.skills,
      dataset: v.dataset,
      task: v.task,
      budget: v.budget,
      grader: v.grader,
      threshold: v.threshold,
      starterCode: v.starterCode,
      referenceCode: v.referenceCode,
      baselineCode: v.baselineCode,
      entry: v.entry,
      pythonEntry: v.pythonEntry ?? null,
      pythonStarter: v.pythonStarterCode ?? null,
      pythonReference: v.pythonReferenceCode ?? null,
      hints: (v.hints ?? []).map(text),
      tests: v.tests === null || v.tests === undefined ? null : JSON.stringify(codingTests(v)),
    };
  }

  private validationView(run: ExerciseValidationEntity, version: ExerciseVersionEntity): ValidationView {
    return {
      id: run.id,
      version: version.version,
      status: run.status,
      reason: run.reason,
      reasonText: run.reason === null ? null : { en: run.reason, zhCN: run.reasonZhCN ?? run.reason },
      current: run.contentHash === draftHash(version),
      results: (run.results ?? []).map((r) => ({
        ...r,
        summaryText: { en: r.summary, zhCN: r.summaryZhCN ?? r.summary },
      })),
      // Stored as the trainer logs them (0-based); shown from 1, as submissions' epochs are.
      epochs: (run.epochs ?? []).map((e) => ({
        solution: e.solution,
        epoch: e.epoch + 1,
        loss: e.loss ?? null,
        accuracy: e.accuracy ?? null,
        valLoss: e.valLoss ?? null,
        valAccuracy: e.valAccuracy ?? null,
      })),
      progress:
        run.status === 'RUNNING' && run.progress
          ? {
              solution: run.progress.solution,
              stage: run.progress.stage,
              epoch: run.progress.epoch === undefined ? null : run.progress.epoch + 1,
              batch: run.progress.batch ?? null,
              batchesInEpoch: run.progress.batchesInEpoch ?? null,
            }
          : null,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
    };
  }

  /** A flag, not content: admins may set it on the repository's exercises too; mentors only on their own. */
  private mayFlag(user: AuthUser, exercise: ExerciseEntity): void {
    if (user.role === Role.ADMIN) return;
    if (exercise.origin !== ExerciseOrigin.API) throw fromRepository(exercise.slug);
    if (exercise.createdBy !== user.id)
      throw new DomainError(
        'FORBIDDEN',
        `"${exercise.slug}" was written by another mentor; only its author and admins change it`,
      );
  }

  /** Assessments still open (not yet closed) that include the exercise: editing it is worth a warning. */
  private async liveAssessments(exerciseId: string): Promise<number> {
    return this.db
      .getRepository(AssessmentEntity)
      .createQueryBuilder('a')
      .innerJoin(AssessmentItemEntity, 'i', 'i.assessment_id = a.id')
      .where('i.exercise_id = :exerciseId', { exerciseId })
      .andWhere('a.closes_at > now()')
      .getCount();
  }

  private async editable(em: EntityManager, user: AuthUser, slug: string): Promise<ExerciseEntity> {
    const exercise = await em.findOne(ExerciseEntity, { where: { slug }, lock: { mode: 'pessimistic_write' } });
    if (!exercise) throw notFound(`Exercise "${slug}"`);
    if (exercise.origin !== ExerciseOrigin.API) throw fromRepository(slug);
    if (user.role !== Role.ADMIN && exercise.createdBy !== user.id)
      throw new DomainError(
        'FORBIDDEN',
        `"${slug}" was written by another mentor; only its author and admins change it`,
      );
    return exercise;
  }

  private async latestDraft(em: EntityManager, exercise: ExerciseEntity): Promise<ExerciseVersionEntity> {
    const latest = await em.findOne(ExerciseVersionEntity, {
      where: { exerciseId: exercise.id },
      order: { version: 'DESC' },
    });
    if (!latest || latest.status !== VersionStatus.DRAFT) {
      throw new DomainError(
        'CONFLICT',
        `"${exercise.slug}" has no draft: version ${latest?.version} is already published; edit it to start a new version`,
      );
    }
    return latest;
  }

  /** Metadata checked against what exists: skills, the grader for this type, a task shape the data set has. */
  private async checkMetadata(em: EntityManager, input: ExerciseDraftInput): Promise<void> {
    if (input.grader !== undefined && GRADER_EXERCISE_TYPES[input.grader] !== input.type) {
      const fit = Object.keys(GRADER_EXERCISE_TYPES).filter((g) => GRADER_EXERCISE_TYPES[g] === input.type);
      throw badInput('grader', `grader: no ${input.type} grader "${input.grader}"; use one of ${fit.join(', ')}`);
    }
    if (input.skills.length > 0) {
      const known = await em.findBy(SkillEntity, { slug: In(input.skills) });
      const unknown = input.skills.filter((k) => !known.some((x) => x.slug === k));
      if (unknown.length) throw badInput('skills', `skills: no skill "${unknown.join('", "')}" in any track`);
    }
    if (input.type !== 'CODING' && input.task) {
      const problem = taskFitProblem(input.dataset, input.task);
      if (problem) throw badInput(problem.field, problem.message);
    }
  }

  private async track(em: EntityManager, slug: string): Promise<TrackEntity> {
    const track = await em.findOneBy(TrackEntity, { slug });
    if (!track) throw new DomainError('BAD_USER_INPUT', `trackSlug: no track "${slug}"`, { field: 'trackSlug' });
    return track;
  }

  private async insertDraft(
    em: EntityManager,
    exerciseId: string,
    version: number,
    input: ExerciseDraftInput,
    keptTests?: StoredCodingTests | null,
  ): Promise<ExerciseVersionEntity> {
    return em.save(
      ExerciseVersionEntity,
      em.create(ExerciseVersionEntity, {
        exerciseId,
        version,
        status: VersionStatus.DRAFT,
        publishedAt: null,
        ...versionValues(input, keptTests),
      }),
    );
  }
}
