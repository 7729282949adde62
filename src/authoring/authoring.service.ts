import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { LocalizedText } from '../common/locale.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { flattenTests, TestsFileSchema, type CodingTest } from '../coding/tests-file.js';
import { parse as parseYaml } from 'yaml';
import { ExerciseEntity } from '../exercises/exercise.entity.js';
import { ExerciseOrigin, ExerciseType, VersionStatus } from '../exercises/exercise.types.js';
import { GRADING_QUEUE, validationJobOptions, type GradingJobData } from '../submissions/grading-queue.js';
import { TrackEntity } from '../tracks/track.entity.js';
import { Role } from '../access/role.enum.js';
import type { DraftView, ValidationView } from './authoring.types.js';
import type { ExerciseDraftInput, LocalizedTextInput } from './dto/exercise-draft.input.js';
import { draftHash } from './draft-hash.js';
import { ExerciseValidationEntity } from './exercise-validation.entity.js';

const localized = (t: LocalizedTextInput): LocalizedText => ({ en: t.en, 'zh-CN': t.zhCN });

/** tests.yaml text from a mentor → tests; a problem is BAD_USER_INPUT naming testsYaml. */
function parseTestsYaml(text: string): CodingTest[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new DomainError('BAD_USER_INPUT', `testsYaml: not valid YAML (${(e as Error).message.split('\n')[0]})`, {
      field: 'testsYaml',
    });
  }
  const parsed = TestsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('BAD_USER_INPUT', `testsYaml: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      field: 'testsYaml',
    });
  }
  const tests = flattenTests(parsed.data);
  if (!tests.some((t) => t.hidden) || !tests.some((t) => !t.hidden)) {
    throw new DomainError('BAD_USER_INPUT', 'testsYaml: needs at least one visible and one hidden test', {
      field: 'testsYaml',
    });
  }
  return tests;
}

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
  ) {}

  async create(user: AuthUser, input: ExerciseDraftInput): Promise<DraftView> {
    const version = await this.db.transaction(async (em) => {
      if (await em.findOneBy(ExerciseEntity, { slug: input.slug })) {
        throw new DomainError('CONFLICT', `slug: an exercise "${input.slug}" already exists`, { field: 'slug' });
      }
      const track = await this.track(em, input.trackSlug);
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
    return this.draftView(input.slug);
  }

  /** Updates the draft, or starts a new draft version when the newest one is published. */
  async update(user: AuthUser, slug: string, input: ExerciseDraftInput): Promise<DraftView> {
    if (input.slug !== slug)
      throw new DomainError('BAD_USER_INPUT', 'input.slug: must equal the slug of the exercise being edited', {
        field: 'slug',
      });
    const version = await this.db.transaction(async (em) => {
      const exercise = await this.editable(em, user, slug);
      if (exercise.type !== input.type)
        throw new DomainError('BAD_USER_INPUT', `type: "${slug}" is a ${exercise.type} exercise`, { field: 'type' });
      const track = await this.track(em, input.trackSlug);
      if (track.id !== exercise.trackId) await em.update(ExerciseEntity, { id: exercise.id }, { trackId: track.id });
      const latest = await em.findOne(ExerciseVersionEntity, {
        where: { exerciseId: exercise.id },
        order: { version: 'DESC' },
      });
      if (latest && latest.status === VersionStatus.DRAFT) {
        await em.update(ExerciseVersionEntity, { id: latest.id }, this.versionValues(input));
        return latest;
      }
      return this.insertDraft(em, exercise.id, (latest?.version ?? 0) + 1, input);
    });
    await this.audit.record(user.id, 'exercise.edited', 'exercise', version.exerciseId, {
      slug,
      version: version.version,
    });
    return this.draftView(slug);
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
    return this.draftView(slug);
  }

  /** Keeps an exercise (file or API) out of practice so it stays fresh for assessments (audited). */
  async setAssessmentOnly(user: AuthUser, slug: string, assessmentOnly: boolean): Promise<DraftView> {
    const exercise = await this.db.getRepository(ExerciseEntity).findOneBy({ slug });
    if (!exercise) throw notFound(`Exercise "${slug}"`);
    await this.db.getRepository(ExerciseEntity).update({ id: exercise.id }, { assessmentOnly });
    await this.audit.record(user.id, 'exercise.assessment_only_set', 'exercise', exercise.id, { slug, assessmentOnly });
    return this.draftView(slug);
  }

  async draftView(slug: string): Promise<DraftView> {
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
      assessmentExposures: exercise.assessmentExposures,
      lastValidation: run ? this.validationView(run, latest) : null,
    };
  }

  private validationView(run: ExerciseValidationEntity, version: ExerciseVersionEntity): ValidationView {
    return {
      id: run.id,
      version: version.version,
      status: run.status,
      reason: run.reason,
      current: run.contentHash === draftHash(version),
      results: run.results,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
    };
  }

  private async editable(em: EntityManager, user: AuthUser, slug: string): Promise<ExerciseEntity> {
    const exercise = await em.findOne(ExerciseEntity, { where: { slug }, lock: { mode: 'pessimistic_write' } });
    if (!exercise) throw notFound(`Exercise "${slug}"`);
    if (exercise.origin !== ExerciseOrigin.API) {
      throw new DomainError(
        'FORBIDDEN',
        `"${slug}" comes from the exercises/ folder of the repository; change it there (with a pull request)`,
      );
    }
    if (user.role !== Role.ADMIN && exercise.createdBy !== user.id)
      throw new DomainError('FORBIDDEN', `"${slug}" was written by another mentor`);
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

  private async track(em: EntityManager, slug: string): Promise<TrackEntity> {
    const track = await em.findOneBy(TrackEntity, { slug });
    if (!track) throw new DomainError('BAD_USER_INPUT', `trackSlug: no track "${slug}"`, { field: 'trackSlug' });
    return track;
  }

  private versionValues(input: ExerciseDraftInput) {
    const coding = input.type === 'CODING';
    const missing = (
      coding ? (['entry', 'testsYaml'] as const) : (['dataset', 'task', 'budget', 'baselineCode'] as const)
    ).filter((k) => input[k] === undefined);
    if (missing.length)
      throw new DomainError('BAD_USER_INPUT', `${missing[0]}: is required for a ${input.type} exercise`, {
        field: missing[0],
      });
    const values = {
      title: localized(input.title),
      summary: localized(input.summary),
      statement: localized(input.statement),
      difficulty: input.difficulty,
      skills: input.skills,
      dataset: coding ? null : input.dataset!,
      task: coding ? null : { ...input.task! },
      budget: coding ? null : { ...input.budget! },
      grader: input.grader ?? (coding ? 'unit-tests' : 'accuracy-threshold'),
      threshold: input.threshold,
      starterCode: input.starterCode,
      referenceCode: input.referenceCode,
      baselineCode: coding ? null : input.baselineCode!,
      extraSolutions: {},
      entry: coding ? input.entry! : null,
      tests: coding ? storedCodingTests(parseTestsYaml(input.testsYaml!)) : null,
    };
    return { ...values, contentHash: draftHash(values) };
  }

  private async insertDraft(
    em: EntityManager,
    exerciseId: string,
    version: number,
    input: ExerciseDraftInput,
  ): Promise<ExerciseVersionEntity> {
    return em.save(
      ExerciseVersionEntity,
      em.create(ExerciseVersionEntity, {
        exerciseId,
        version,
        status: VersionStatus.DRAFT,
        publishedAt: null,
        ...this.versionValues(input),
      }),
    );
  }
}
