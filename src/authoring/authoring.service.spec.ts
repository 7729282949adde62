import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { autoMock, mockDatabase, newTestService, type MockedStore } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { AssessmentEntity } from '../assessments/assessment.entity.js';
import { DomainError } from '../common/domain-error.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import type { CodingTest } from '../coding/tests-file.js';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../exercises/exercise.entity.js';
import { ExerciseOrigin, ExerciseType, VersionStatus } from '../exercises/exercise.types.js';
import { SkillEntity } from '../tracks/skill.entity.js';
import { TrackEntity } from '../tracks/track.entity.js';
import type { ExerciseDraftInput } from './dto/exercise-draft.input.js';
import { draftHash } from './draft-hash.js';
import { ExerciseValidationEntity } from './exercise-validation.entity.js';

// Running the reference needs the sandbox: stubbed.
const expectedFromReference = jest.fn<(pool: unknown, ref: unknown, tests: CodingTest[]) => Promise<CodingTest[]>>();
jest.unstable_mockModule('./expected-values.js', () => ({ expectedFromReference }));
const { AuthoringService } = await import('./authoring.service.js');

const mentor: AuthUser = { id: 'mentor-1', role: Role.MENTOR, email: 'm@x.test' };
const other: AuthUser = { id: 'mentor-2', role: Role.MENTOR, email: 'o@x.test' };
const admin: AuthUser = { id: 'admin', role: Role.ADMIN, email: 'a@x.test' };
const text = (en: string) => ({ en, zhCN: `${en}（中文）` });
const TESTS_YAML =
  'visible:\n  - { name: one, input: [1], expected: 1 }\nhidden:\n  - { name: two, input: [2], expected: 2 }\n';

const modelInput = (over: Partial<ExerciseDraftInput> = {}): ExerciseDraftInput =>
  ({
    slug: 'my-cnn',
    type: 'MODEL',
    trackSlug: 'vision',
    difficulty: 2,
    title: text('CNN'),
    summary: text('S'),
    statement: text('Build it'),
    skills: [],
    dataset: 'cifar10',
    task: { inputShape: [32, 32, 3], numClasses: 10 },
    budget: { maxParams: 1000, maxEpochs: 2, maxBatchSize: 64, wallClockSeconds: 60 },
    threshold: 0.5,
    starterCode: 'starter',
    referenceCode: 'reference',
    baselineCode: 'baseline',
    ...over,
  }) as ExerciseDraftInput;
const codingInput = (over: Partial<ExerciseDraftInput> = {}) =>
  modelInput({
    type: 'CODING',
    dataset: undefined,
    task: undefined,
    budget: undefined,
    baselineCode: undefined,
    entry: 'default',
    testsYaml: TESTS_YAML,
    threshold: 1,
    ...over,
  });
const exerciseRow = (over: Partial<ExerciseEntity> = {}) =>
  ({
    id: 'ex-1',
    slug: 'my-cnn',
    trackId: 'tr-1',
    type: ExerciseType.MODEL,
    origin: ExerciseOrigin.API,
    createdBy: mentor.id,
    assessmentOnly: false,
    retiredAt: null,
    assessmentExposures: 0,
    ...over,
  }) as ExerciseEntity;
const versionRow = (over: Partial<ExerciseVersionEntity> = {}) =>
  ({
    id: 'v-1',
    exerciseId: 'ex-1',
    version: 1,
    status: VersionStatus.DRAFT,
    title: { en: 'CNN', 'zh-CN': 'CNN（中文）' },
    summary: { en: 'S', 'zh-CN': 'S' },
    statement: { en: 'Build it', 'zh-CN': 'B' },
    difficulty: 2,
    skills: [],
    dataset: 'cifar10',
    task: { inputShape: [32, 32, 3], numClasses: 10 },
    budget: { maxParams: 1000, maxEpochs: 2, maxBatchSize: 64, wallClockSeconds: 60 },
    grader: 'accuracy-threshold',
    threshold: 0.5,
    starterCode: 'starter',
    referenceCode: 'reference',
    baselineCode: 'baseline',
    extraSolutions: {},
    entry: null,
    pythonEntry: null,
    pythonStarterCode: null,
    pythonReferenceCode: null,
    tests: null,
    createdAt: new Date(0),
    publishedAt: null,
    ...over,
  }) as ExerciseVersionEntity;

/** Answers an EntityManager method by the entity it is called with. */
const byEntity = (fn: MockedStore[string], answers: Map<unknown, unknown>) =>
  fn.mockImplementation(async (entity: unknown) => answers.get(entity) ?? null);

function setup() {
  const { sut, mocks } = newTestService(AuthoringService);
  const [db, queue, audit, pool] = mocks;
  const { repo, em } = mockDatabase(db);
  em.create.mockImplementation((_e: unknown, v: object) => v);
  em.save.mockImplementation(async (entity: unknown, v: object) => ({
    ...v,
    id: entity === ExerciseEntity ? 'ex-new' : 'v-new',
  }));
  byEntity(em.findOneBy, new Map([[TrackEntity, { id: 'tr-1', slug: 'vision' }]]));
  em.findBy.mockResolvedValue([]);
  em.findOneByOrFail.mockResolvedValue({ id: 'tr-1', slug: 'vision' });
  // draftView's reads
  repo(ExerciseEntity).findOneBy.mockResolvedValue(exerciseRow());
  repo(ExerciseVersionEntity).findOneOrFail.mockResolvedValue(versionRow());
  repo(ExerciseValidationEntity).findOne.mockResolvedValue(null);
  repo(TrackEntity).findOneByOrFail.mockResolvedValue({ slug: 'vision' });
  const qb = autoMock<MockedStore>('qb');
  for (const m of ['innerJoin', 'where', 'andWhere']) qb[m]!.mockReturnValue(qb);
  qb.getCount!.mockResolvedValue(2);
  repo(AssessmentEntity).createQueryBuilder.mockReturnValue(qb);
  return { sut, db, repo, em, queue, audit, pool, qb };
}
type Setup = ReturnType<typeof setup>;
/** The exercise being edited (found under its row lock) and its newest version. */
const editing = (t: Setup, exercise = exerciseRow(), latest: ExerciseVersionEntity | null = versionRow()) => {
  t.em.findOneOrFail.mockResolvedValue(latest);
  return byEntity(
    t.em.findOne,
    new Map<unknown, unknown>([
      [ExerciseEntity, exercise],
      [ExerciseVersionEntity, latest],
    ]),
  );
};

describe('AuthoringService.create', () => {
  let t: Setup;
  beforeEach(() => (t = setup()));

  it('stores a MODEL exercise of the API, owned by the caller, with draft version 1 and its content hash; audited', async () => {
    const view = await t.sut.create(mentor, modelInput());
    expect(t.em.save).toHaveBeenCalledWith(ExerciseEntity, {
      slug: 'my-cnn',
      trackId: 'tr-1',
      type: ExerciseType.MODEL,
      origin: ExerciseOrigin.API,
      createdBy: mentor.id,
    });
    const draft = t.em.save.mock.calls[1]![1] as ExerciseVersionEntity;
    expect(draft).toMatchObject({
      exerciseId: 'ex-new',
      version: 1,
      status: VersionStatus.DRAFT,
      grader: 'accuracy-threshold',
      title: { en: 'CNN', 'zh-CN': 'CNN（中文）' },
      tests: null,
      entry: null,
    });
    expect(draft.contentHash).toBe(draftHash(draft));
    expect(t.audit.record).toHaveBeenCalledWith(mentor.id, 'exercise.drafted', 'exercise', 'ex-new', {
      slug: 'my-cnn',
      version: 1,
    });
    expect(view).toMatchObject({ slug: 'my-cnn', status: 'DRAFT', liveAssessmentCount: 2, fromRepository: false });
  });

  it('stores a CODING draft with its tests.yaml parsed and the unit-tests grader', async () => {
    await t.sut.create(mentor, codingInput());
    const draft = t.em.save.mock.calls[1]![1] as ExerciseVersionEntity;
    expect(draft).toMatchObject({
      grader: 'unit-tests',
      entry: 'default',
      dataset: null,
      task: null,
      baselineCode: null,
    });
    expect(draft.tests).toEqual(
      storedCodingTests([
        { name: 'one', hidden: false, input: [1], expected: 1, compare: { kind: 'exact' } },
        { name: 'two', hidden: true, input: [2], expected: 2, compare: { kind: 'exact' } },
      ] as CodingTest[]),
    );
  });

  it('refuses a slug that exists (CONFLICT on slug) and an unknown track (BAD_USER_INPUT on trackSlug)', async () => {
    byEntity(t.em.findOneBy, new Map([[ExerciseEntity, exerciseRow()]]));
    await expect(t.sut.create(mentor, modelInput())).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'slug' },
    });
    byEntity(t.em.findOneBy, new Map());
    await expect(t.sut.create(mentor, modelInput())).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'trackSlug' },
    });
    expect(t.em.save).not.toHaveBeenCalled();
  });

  it.each<[string, Partial<ExerciseDraftInput>, string, RegExp]>([
    [
      'a grader of another type',
      { grader: 'unit-tests' },
      'grader',
      /use one of accuracy-threshold, threshold-and-params/,
    ],
    [
      'a task the data set cannot feed',
      { task: { inputShape: [28, 28, 1], numClasses: 10 } as never },
      'task.inputShape',
      /CIFAR-10/,
    ],
    ['a MODEL without its data set', { dataset: undefined }, 'dataset', /is required for a MODEL exercise/],
    ['a MODEL without a baseline', { baselineCode: undefined }, 'baselineCode', /required/],
    ['Python for a MODEL', { pythonEntry: 'solve' }, 'pythonEntry', /for CODING exercises/],
  ])('refuses %s (BAD_USER_INPUT on %s)', async (_what, over, field, message) => {
    await expect(t.sut.create(mentor, modelInput(over))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: expect.objectContaining({ field }),
      message: expect.stringMatching(message),
    });
  });

  it('refuses skills no track has, naming them', async () => {
    t.em.findBy.mockResolvedValue([{ slug: 'conv' }]);
    await expect(t.sut.create(mentor, modelInput({ skills: ['conv', 'magic'] }))).rejects.toMatchObject({
      details: expect.objectContaining({ field: 'skills' }),
      message: 'skills: no skill "magic" in any track',
    });
    expect(t.em.findBy).toHaveBeenCalledWith(SkillEntity, expect.anything());
  });

  it.each<[string, Partial<ExerciseDraftInput>, string, RegExp]>([
    ['a CODING draft without tests', { testsYaml: undefined }, 'testsYaml', /required for a CODING/],
    ['tests.yaml that is not YAML', { testsYaml: 'visible: [' }, 'testsYaml', /not valid YAML/],
    ['tests.yaml of the wrong shape', { testsYaml: 'visible: []' }, 'testsYaml', /^testsYaml: visible:/],
    [
      'tests.yaml without hidden tests',
      { testsYaml: 'visible:\n  - { name: a, input: [], expected: 1 }\n' },
      'testsYaml',
      /one visible and one hidden/,
    ],
    ['only part of the Python version', { pythonEntry: 'solve', pythonStarter: 's' }, 'pythonReference', /together/],
  ])('refuses %s (BAD_USER_INPUT on %s)', async (_what, over, field, message) => {
    await expect(t.sut.create(mentor, codingInput(over))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field },
      message: expect.stringMatching(message),
    });
  });
});

describe('AuthoringService: who may change an exercise', () => {
  let t: Setup;
  beforeEach(() => (t = setup()));

  it('says NOT_FOUND for an unknown exercise', async () => {
    editing(t, null as never);
    await expect(t.sut.update(mentor, 'ghost', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an exercise of the repository (EXERCISE_FROM_REPOSITORY), pointing at duplicateExerciseAsDraft', async () => {
    editing(t, exerciseRow({ origin: ExerciseOrigin.FILE }));
    await expect(t.sut.update(admin, 'my-cnn', {})).rejects.toMatchObject({
      code: 'EXERCISE_FROM_REPOSITORY',
      message: expect.stringContaining('duplicateExerciseAsDraft'),
    });
  });

  it("refuses another mentor's exercise (FORBIDDEN); its author and admins may edit it", async () => {
    editing(t);
    await expect(t.sut.update(other, 'my-cnn', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.sut.update(admin, 'my-cnn', {})).resolves.toBeDefined();
    await expect(t.sut.update(mentor, 'my-cnn', {})).resolves.toBeDefined();
  });
});

describe('AuthoringService.update', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
    t.em.findOneByOrFail.mockResolvedValue({ id: 'tr-1', slug: 'vision' });
  });

  it('refuses a slug in the patch other than the one edited, and a change of type', async () => {
    await expect(t.sut.update(mentor, 'my-cnn', { slug: 'other' } as never)).rejects.toMatchObject({
      details: { field: 'slug' },
    });
    editing(t);
    await expect(t.sut.update(mentor, 'my-cnn', { type: 'CODING' } as never)).rejects.toMatchObject({
      details: { field: 'type' },
    });
  });

  it('changes only the fields given in the draft itself, with a new content hash; audited', async () => {
    editing(t);
    await t.sut.update(mentor, 'my-cnn', { referenceCode: 'better', threshold: null } as never);
    const [entity, where, values] = t.em.update.mock.calls[0]! as [unknown, object, Record<string, unknown>];
    expect([entity, where]).toEqual([ExerciseVersionEntity, { id: 'v-1' }]);
    expect(values).toMatchObject({
      referenceCode: 'better',
      starterCode: 'starter',
      threshold: 0.5,
      baselineCode: 'baseline',
    });
    expect(values.contentHash).toBe(draftHash(values as never));
    expect(t.em.save).not.toHaveBeenCalled();
    expect(t.audit.record).toHaveBeenCalledWith(mentor.id, 'exercise.edited', 'exercise', 'ex-1', {
      slug: 'my-cnn',
      version: 1,
    });
  });

  it('starts the next version as a draft when the newest one is published, keeping the stored tests', async () => {
    const tests = storedCodingTests([{ name: 'a', hidden: false, input: [], expected: 1, compare: { kind: 'exact' } }]);
    editing(
      t,
      exerciseRow({ type: ExerciseType.CODING }),
      versionRow({
        status: VersionStatus.PUBLISHED,
        version: 4,
        dataset: null,
        task: null,
        budget: null,
        baselineCode: null,
        entry: 'default',
        grader: 'unit-tests',
        tests,
        pythonEntry: 'solve',
        pythonStarterCode: 'ps',
        pythonReferenceCode: 'pr',
      }),
    );
    await t.sut.update(mentor, 'my-cnn', { statement: text('Clearer') } as never);
    expect(t.em.save).toHaveBeenCalledWith(
      ExerciseVersionEntity,
      expect.objectContaining({
        version: 5,
        status: VersionStatus.DRAFT,
        tests,
        statement: { en: 'Clearer', 'zh-CN': 'Clearer（中文）' },
        pythonEntry: 'solve',
      }),
    );
  });

  it('moves the exercise to another track when the patch names one', async () => {
    editing(t);
    byEntity(t.em.findOneBy, new Map([[TrackEntity, { id: 'tr-2', slug: 'text' }]]));
    await t.sut.update(mentor, 'my-cnn', { trackSlug: 'text' } as never);
    expect(t.em.update).toHaveBeenCalledWith(ExerciseEntity, { id: 'ex-1' }, { trackId: 'tr-2' });
  });
});

describe('AuthoringService: validation and publishing', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
    t.repo(ExerciseValidationEntity).create.mockImplementation((v: object) => v);
    t.repo(ExerciseValidationEntity).save.mockImplementation(async (v: object) => ({
      ...v,
      id: 'run-1',
      status: 'QUEUED',
    }));
  });

  it('refuses to validate or publish when the newest version is published (CONFLICT: no draft)', async () => {
    editing(t, exerciseRow(), versionRow({ status: VersionStatus.PUBLISHED }));
    await expect(t.sut.requestValidation(mentor, 'my-cnn')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.sut.publish(mentor, 'my-cnn')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('has no draft'),
    });
  });

  it("queues a validation run for the draft's current content on the grading queue", async () => {
    editing(t);
    const view = await t.sut.requestValidation(mentor, 'my-cnn');
    expect(t.repo(ExerciseValidationEntity).save).toHaveBeenCalledWith({
      exerciseVersionId: 'v-1',
      contentHash: draftHash(versionRow()),
      requestedBy: mentor.id,
    });
    expect(t.queue.add).toHaveBeenCalledWith(
      'validate',
      { validationId: 'run-1' },
      expect.objectContaining({ jobId: 'validation-run-1' }),
    );
    expect(view).toMatchObject({ id: 'run-1', version: 1, current: true });
  });

  it('reads a run, NOT_FOUND when there is none, and says whether it checked the current content', async () => {
    t.repo(ExerciseValidationEntity).findOneBy.mockResolvedValueOnce(null);
    await expect(t.sut.validation('ghost')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    t.repo(ExerciseValidationEntity).findOneBy.mockResolvedValueOnce({
      id: 'run-1',
      contentHash: 'stale',
      exerciseVersionId: 'v-1',
    });
    t.repo(ExerciseVersionEntity).findOneByOrFail.mockResolvedValue(versionRow());
    await expect(t.sut.validation('run-1')).resolves.toMatchObject({ id: 'run-1', current: false });
  });

  it('refuses to publish before a PASSED run of exactly this content (CONFLICT), and publishes after', async () => {
    editing(t);
    await expect(t.sut.publish(mentor, 'my-cnn')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('validateExercise'),
    });
    expect(t.em.update).not.toHaveBeenCalled();
    byEntity(
      t.em.findOne,
      new Map<unknown, unknown>([
        [ExerciseEntity, exerciseRow()],
        [ExerciseVersionEntity, versionRow()],
        [ExerciseValidationEntity, { id: 'run-1' }],
      ]),
    );
    await t.sut.publish(mentor, 'my-cnn');
    const passedQuery = t.em.findOne.mock.calls.find((c) => c[0] === ExerciseValidationEntity)![1];
    expect(passedQuery).toMatchObject({
      where: { exerciseVersionId: 'v-1', contentHash: draftHash(versionRow()), status: 'PASSED' },
    });
    expect(t.em.update).toHaveBeenCalledWith(
      ExerciseVersionEntity,
      { id: 'v-1' },
      { status: 'PUBLISHED', publishedAt: expect.any(Date) },
    );
    expect(t.audit.record).toHaveBeenCalledWith(mentor.id, 'exercise.published', 'exercise', 'ex-1', {
      slug: 'my-cnn',
      version: 1,
    });
  });
});

describe('AuthoringService flags: assessment-only and retired', () => {
  let t: Setup;
  beforeEach(() => (t = setup()));

  it('says NOT_FOUND for an unknown exercise', async () => {
    t.repo(ExerciseEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.setAssessmentOnly(mentor, 'ghost', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.sut.setRetired(mentor, 'ghost', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("admins flag the repository's exercises too; a mentor only their own", async () => {
    t.repo(ExerciseEntity).findOneBy.mockResolvedValue(exerciseRow({ origin: ExerciseOrigin.FILE, createdBy: null }));
    await expect(t.sut.setAssessmentOnly(mentor, 'my-cnn', true)).rejects.toMatchObject({
      code: 'EXERCISE_FROM_REPOSITORY',
    });
    await t.sut.setAssessmentOnly(admin, 'my-cnn', true);
    expect(t.repo(ExerciseEntity).update).toHaveBeenCalledWith({ id: 'ex-1' }, { assessmentOnly: true });
    expect(t.audit.record).toHaveBeenCalledWith(admin.id, 'exercise.assessment_only_set', 'exercise', 'ex-1', {
      slug: 'my-cnn',
      assessmentOnly: true,
    });
    t.repo(ExerciseEntity).findOneBy.mockResolvedValue(exerciseRow());
    await expect(t.sut.setAssessmentOnly(other, 'my-cnn', true)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses to retire an exercise never published (CONFLICT, pointing at deleteExerciseDraft)', async () => {
    t.repo(ExerciseVersionEntity).existsBy.mockResolvedValue(false);
    await expect(t.sut.setRetired(mentor, 'my-cnn', true)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('deleteExerciseDraft'),
    });
    expect(t.repo(ExerciseEntity).update).not.toHaveBeenCalled();
  });

  it('retires (keeping the first retirement date) and restores, each audited', async () => {
    t.repo(ExerciseVersionEntity).existsBy.mockResolvedValue(true);
    const since = new Date(5);
    t.repo(ExerciseEntity).findOneBy.mockResolvedValue(exerciseRow({ retiredAt: since }));
    await t.sut.setRetired(mentor, 'my-cnn', true);
    expect(t.repo(ExerciseEntity).update).toHaveBeenLastCalledWith({ id: 'ex-1' }, { retiredAt: since });
    await t.sut.setRetired(mentor, 'my-cnn', false);
    expect(t.repo(ExerciseEntity).update).toHaveBeenLastCalledWith({ id: 'ex-1' }, { retiredAt: null });
    expect(t.audit.record.mock.calls.map((c) => c[1])).toEqual(['exercise.retired', 'exercise.restored']);
    t.repo(ExerciseEntity).findOneBy.mockResolvedValue(exerciseRow());
    await t.sut.setRetired(mentor, 'my-cnn', true);
    expect(t.repo(ExerciseEntity).update).toHaveBeenLastCalledWith({ id: 'ex-1' }, { retiredAt: expect.any(Date) });
  });
});

describe('AuthoringService reading', () => {
  let t: Setup;
  beforeEach(() => (t = setup()));

  it("shows a draft's whole content to its author and admins only", async () => {
    t.repo(ExerciseValidationEntity).findOne.mockResolvedValue({
      id: 'run-1',
      contentHash: draftHash(versionRow()),
      status: 'PASSED',
    });
    const mine = await t.sut.draftView('my-cnn', mentor);
    expect(mine.content).toMatchObject({
      referenceCode: 'reference',
      trackSlug: 'vision',
      title: { en: 'CNN', zhCN: 'CNN（中文）' },
      tests: null,
    });
    expect(mine.lastValidation).toMatchObject({ id: 'run-1', current: true });
    await expect(t.sut.draftView('my-cnn', admin)).resolves.toMatchObject({ content: expect.anything() });
    await expect(t.sut.draftView('my-cnn', other)).resolves.toMatchObject({ content: null });
    await expect(t.sut.draftView('my-cnn')).resolves.toMatchObject({ content: null });
    expect(t.qb.andWhere).toHaveBeenCalledWith('a.closes_at > now()');
  });

  it('says NOT_FOUND for a draft of an unknown exercise', async () => {
    t.repo(ExerciseEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.draftView('ghost')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.sut.versions('ghost', mentor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists every version oldest first, with content for the author only', async () => {
    t.repo(ExerciseVersionEntity).find.mockResolvedValue([
      versionRow({ version: 1, status: VersionStatus.PUBLISHED }),
      versionRow({ version: 2, tests: storedCodingTests([]) }),
    ]);
    const mine = await t.sut.versions('my-cnn', mentor);
    expect(mine.map((v) => [v.version, v.status])).toEqual([
      [1, 'PUBLISHED'],
      [2, 'DRAFT'],
    ]);
    expect(mine[1]!.content!.tests).toBe('[]');
    expect((await t.sut.versions('my-cnn', other)).every((v) => v.content === null)).toBe(true);
    expect(t.repo(ExerciseVersionEntity).find).toHaveBeenCalledWith({
      where: { exerciseId: 'ex-1' },
      order: { version: 'ASC' },
    });
  });

  it("lists the caller's own exercises, newest first", async () => {
    t.repo(ExerciseEntity).find.mockResolvedValue([exerciseRow()]);
    await expect(t.sut.mine(mentor)).resolves.toHaveLength(1);
    expect(t.repo(ExerciseEntity).find).toHaveBeenCalledWith({
      where: { createdBy: mentor.id },
      order: { createdAt: 'DESC' },
    });
  });
});

describe('AuthoringService.duplicate and deleteDraft', () => {
  let t: Setup;
  beforeEach(() => (t = setup()));

  it('copies the newest published content into a draft version 1 owned by the caller; audited', async () => {
    const published = versionRow({ id: 'v-9', version: 9, status: VersionStatus.PUBLISHED, publishedAt: new Date() });
    byEntity(
      t.em.findOneBy,
      new Map([[ExerciseEntity, exerciseRow({ origin: ExerciseOrigin.FILE, createdBy: null })]]),
    );
    t.em.findOneBy.mockImplementation(async (_e: unknown, where: { slug: string }) =>
      where.slug === 'my-cnn' ? exerciseRow({ origin: ExerciseOrigin.FILE, createdBy: null }) : null,
    );
    t.em.findOne.mockResolvedValue(published);
    await t.sut.duplicate(mentor, 'my-cnn', 'my-copy');
    expect(t.em.save).toHaveBeenCalledWith(
      ExerciseEntity,
      expect.objectContaining({ slug: 'my-copy', origin: 'API', createdBy: mentor.id }),
    );
    const copy = t.em.save.mock.calls[1]![1] as ExerciseVersionEntity;
    expect(copy).toMatchObject({
      exerciseId: 'ex-new',
      version: 1,
      status: 'DRAFT',
      publishedAt: null,
      referenceCode: 'reference',
    });
    expect(copy).not.toHaveProperty('id');
    expect(t.audit.record).toHaveBeenCalledWith(mentor.id, 'exercise.duplicated', 'exercise', 'ex-new', {
      from: 'my-cnn',
      slug: 'my-copy',
    });
  });

  it('refuses a source never published (NOT_FOUND) and a new slug in use (CONFLICT on newSlug)', async () => {
    t.em.findOneBy.mockResolvedValue(exerciseRow());
    t.em.findOne.mockResolvedValue(null);
    await expect(t.sut.duplicate(mentor, 'my-cnn', 'taken')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    t.em.findOne.mockResolvedValue(versionRow());
    await expect(t.sut.duplicate(mentor, 'my-cnn', 'taken')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'newSlug' },
    });
  });

  it('deletes the draft version, and the exercise when no version is left; audited', async () => {
    editing(t);
    t.em.existsBy.mockResolvedValue(false);
    await expect(t.sut.deleteDraft(mentor, 'my-cnn')).resolves.toBe(true);
    expect(t.em.delete.mock.calls).toEqual([
      [ExerciseVersionEntity, { id: 'v-1' }],
      [ExerciseEntity, { id: 'ex-1' }],
    ]);
    expect(t.audit.record).toHaveBeenCalledWith(mentor.id, 'exercise.draft_deleted', 'exercise', 'ex-1', {
      slug: 'my-cnn',
      version: 1,
    });
  });

  it('keeps the exercise when published versions remain', async () => {
    editing(t);
    t.em.existsBy.mockResolvedValue(true);
    await t.sut.deleteDraft(mentor, 'my-cnn');
    expect(t.em.delete).toHaveBeenCalledTimes(1);
  });
});

describe('AuthoringService.fillExpectedValues', () => {
  let t: Setup;
  const tests = storedCodingTests([
    { name: 'a', hidden: false, input: [1], expected: null, compare: { kind: 'exact' } },
  ]);
  const draft = versionRow({ tests, entry: 'softmax', dataset: null, task: null, budget: null });
  beforeEach(() => {
    t = setup();
    expectedFromReference
      .mockReset()
      .mockResolvedValue([{ name: 'a', hidden: false, input: [1], expected: 42, compare: { kind: 'exact' } }]);
  });

  it('refuses a MODEL draft (BAD_USER_INPUT on slug)', async () => {
    editing(t);
    await expect(t.sut.fillExpectedValues(mentor, 'my-cnn')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'slug' },
    });
    expect(expectedFromReference).not.toHaveBeenCalled();
  });

  it("runs the reference in the authoring pool and stores what it returns, with the draft's new hash", async () => {
    editing(t, exerciseRow({ type: ExerciseType.CODING }), draft);
    await t.sut.fillExpectedValues(mentor, 'my-cnn');
    expect(expectedFromReference).toHaveBeenCalledWith(
      t.pool,
      { code: 'reference', entry: 'softmax' },
      expect.any(Array),
    );
    const [, where, values] = t.em.update.mock.calls[0]! as [unknown, object, { tests: unknown; contentHash: string }];
    expect(where).toEqual({ id: 'v-1' });
    expect(values.tests).toEqual(
      storedCodingTests([{ name: 'a', hidden: false, input: [1], expected: 42, compare: { kind: 'exact' } }]),
    );
    expect(values.contentHash).toBe(draftHash({ ...draft, tests: values.tests as never }));
    expect(t.audit.record).toHaveBeenCalledWith(mentor.id, 'exercise.expected_filled', 'exercise', 'ex-1', {
      slug: 'my-cnn',
      version: 1,
    });
  });

  it('refuses to store values computed for content edited meanwhile (CONFLICT)', async () => {
    editing(t, exerciseRow({ type: ExerciseType.CODING }), draft);
    expectedFromReference.mockImplementation(async () => {
      editing(t, exerciseRow({ type: ExerciseType.CODING }), {
        ...draft,
        referenceCode: 'edited',
      } as ExerciseVersionEntity);
      return [];
    });
    await expect(t.sut.fillExpectedValues(mentor, 'my-cnn')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(t.em.update).not.toHaveBeenCalled();
  });

  it("passes on the reference's own error", async () => {
    editing(t, exerciseRow({ type: ExerciseType.CODING }), draft);
    expectedFromReference.mockRejectedValue(
      new DomainError('BAD_USER_INPUT', 'referenceCode: throws', { field: 'referenceCode' }),
    );
    await expect(t.sut.fillExpectedValues(mentor, 'my-cnn')).rejects.toMatchObject({
      details: { field: 'referenceCode' },
    });
  });
});
