import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { CodingTest } from '../coding/tests-file.js';
import {
  admin,
  byEntity,
  editing,
  exerciseRow,
  mentor,
  other,
  setup as newAuthoringTest,
  versionRow,
  type Setup,
} from '../../test/support/unit/authoring-test.js';
import { DomainError } from '../common/domain-error.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../exercises/exercise.entity.js';
import { ExerciseOrigin, ExerciseType, VersionStatus } from '../exercises/exercise.types.js';
import { draftHash } from './draft-hash.js';
import { ExerciseValidationEntity } from './exercise-validation.entity.js';

// Running the reference needs the sandbox: stubbed.
const expectedFromReference = jest.fn<(pool: unknown, ref: unknown, tests: CodingTest[]) => Promise<CodingTest[]>>();
jest.unstable_mockModule('./expected-values.js', () => ({ expectedFromReference }));
const { AuthoringService } = await import('./authoring.service.js');
const setup = () => newAuthoringTest(AuthoringService);

describe('AuthoringService flags: assessment-only and retired', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

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
  beforeEach(() => {
    t = setup();
  });

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
  beforeEach(() => {
    t = setup();
  });

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
    const [, where, values] = t.em.update.mock.calls[0]! as [unknown, object, ExerciseVersionEntity];
    expect(where).toEqual({ id: 'v-1' });
    expect(values.tests).toEqual(
      storedCodingTests([{ name: 'a', hidden: false, input: [1], expected: 42, compare: { kind: 'exact' } }]),
    );
    expect(values.contentHash).toBe(draftHash({ ...draft, tests: values.tests }));
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
