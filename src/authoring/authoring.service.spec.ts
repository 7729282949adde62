import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { CodingTest } from '../coding/tests-file.js';
import {
  admin,
  byEntity,
  codingInput,
  editing,
  exerciseRow,
  GRAPHQL_NULL,
  mentor,
  modelInput,
  other,
  setup as newAuthoringTest,
  text,
  versionRow,
  type Setup,
} from '../../test/support/unit/authoring-test.js';
import { partial } from '../../test/support/unit/new-test-service.js';
import { storedCodingTests } from '../coding/stored-tests.js';
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
const setup = () => newAuthoringTest(AuthoringService);

describe('AuthoringService.create', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

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
      { task: partial({ inputShape: [28, 28, 1], numClasses: 10 }) },
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
  beforeEach(() => {
    t = setup();
  });

  it('says NOT_FOUND for an unknown exercise', async () => {
    editing(t, null);
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
    await expect(t.sut.update(mentor, 'my-cnn', partial({ slug: 'other' }))).rejects.toMatchObject({
      details: { field: 'slug' },
    });
    editing(t);
    await expect(t.sut.update(mentor, 'my-cnn', partial({ type: 'CODING' }))).rejects.toMatchObject({
      details: { field: 'type' },
    });
  });

  it('changes only the fields given in the draft itself, with a new content hash; audited', async () => {
    editing(t);
    await t.sut.update(mentor, 'my-cnn', partial({ referenceCode: 'better', threshold: GRAPHQL_NULL }));
    const [entity, where, values] = t.em.update.mock.calls[0]! as [unknown, object, ExerciseVersionEntity];
    expect([entity, where]).toEqual([ExerciseVersionEntity, { id: 'v-1' }]);
    expect(values).toMatchObject({
      referenceCode: 'better',
      starterCode: 'starter',
      threshold: 0.5,
      baselineCode: 'baseline',
    });
    expect(values.contentHash).toBe(draftHash(values));
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
    await t.sut.update(mentor, 'my-cnn', partial({ statement: text('Clearer') }));
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
    await t.sut.update(mentor, 'my-cnn', partial({ trackSlug: 'text' }));
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

  it("gives a run's reason and summaries in both locales, English where an older run has no translation", async () => {
    t.repo(ExerciseVersionEntity).findOneByOrFail.mockResolvedValue(versionRow());
    t.repo(ExerciseValidationEntity).findOneBy.mockResolvedValueOnce({
      id: 'run-2',
      contentHash: 'x',
      exerciseVersionId: 'v-1',
      status: 'FAILED',
      reason: 'baseline must be graded and fail, but: good',
      reasonZhCN: '基线解答必须完成评分且不通过，但是：好',
      results: [
        { solution: 'baseline', mustPass: false, passed: true, ok: false, summary: 'good', summaryZhCN: '好' },
        { solution: 'reference', mustPass: true, passed: true, ok: true, summary: 'older run' },
      ],
    });
    const view = await t.sut.validation('run-2');
    expect(view.reasonText).toEqual({
      en: 'baseline must be graded and fail, but: good',
      zhCN: '基线解答必须完成评分且不通过，但是：好',
    });
    expect(view.results.map((r) => r.summaryText)).toEqual([
      { en: 'good', zhCN: '好' },
      { en: 'older run', zhCN: 'older run' },
    ]);
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
