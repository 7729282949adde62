import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { storedCodingTests } from '../coding/stored-tests.js';
import { validateConfig } from '../config/config.js';
import { defaultPythonSandbox } from '../python-sandbox/python-sandbox.js';
import type { ExerciseVersionEntity } from './exercise-version.entity.js';
import { ExerciseEntity } from './exercise.entity.js';
import { ExerciseType, SubmissionLanguage, VersionStatus } from './exercise.types.js';
import { showJson } from '../coding/test-report.js';
import { ExercisesService } from './exercises.service.js';

const config = validateConfig({ PRACTICE_ATTEMPTS_PER_HOUR: '12' });
const text = (en: string) => ({ en, 'zh-CN': `${en}（中文）` });

const exercise = (slug: string, overrides: Partial<ExerciseEntity> = {}) =>
  ({
    id: `id-${slug}`,
    slug,
    trackId: 't-1',
    track: { slug: 'foundations', title: text('Foundations') },
    type: ExerciseType.CODING,
    assessmentOnly: false,
    retiredAt: null,
    ...overrides,
  }) as ExerciseEntity;

const version = (exerciseId: string, overrides: Partial<ExerciseVersionEntity> = {}) =>
  ({
    exerciseId,
    version: 2,
    status: VersionStatus.PUBLISHED,
    title: text('Stable softmax'),
    summary: text('Summary'),
    statement: text('Statement'),
    difficulty: 2,
    skills: ['numerics'],
    dataset: null,
    task: null,
    budget: null,
    grader: 'unit-tests',
    threshold: null,
    starterCode: 'export function softmax() {}',
    referenceCode: 'the answer',
    entry: 'softmax',
    pythonEntry: null,
    pythonStarterCode: 'def softmax(): pass',
    tests: null,
    quiz: null,
    ...overrides,
  }) as ExerciseVersionEntity;

/** The versions query: `getMany()` answers the given rows, whatever the chain asked. */
function versionsQuery(rows: ExerciseVersionEntity[]) {
  const builder: Record<string, jest.Mock> = {};
  for (const step of ['distinctOn', 'where', 'andWhere', 'orderBy', 'addOrderBy'])
    builder[step] = jest.fn(() => builder);
  builder.getMany = jest.fn(async () => rows);
  return builder;
}

function setup(exercises: ExerciseEntity[] = [], versions: ExerciseVersionEntity[] = []) {
  const { sut, mocks } = newTestService(ExercisesService, { 0: config });
  const [, exerciseRepo, versionRepo] = mocks;
  exerciseRepo.find.mockResolvedValue(exercises);
  const query = versionsQuery(versions);
  versionRepo.createQueryBuilder.mockReturnValue(query as unknown as SelectQueryBuilder<ExerciseVersionEntity>);
  return { sut, exerciseRepo, versionRepo, query };
}

/** The API's Python sandbox, answering as if bwrap and NumPy were (not) here; nothing is started. */
const python = (availability: { available: true } | { available: false; reason: string }) =>
  jest.spyOn(defaultPythonSandbox('api'), 'availability').mockResolvedValue(availability);

afterEach(() => {
  jest.restoreAllMocks();
});

describe('ExercisesService: what is published', () => {
  it('asks nothing for no slugs, and no versions when no exercise matches', async () => {
    const none = setup();
    await expect(none.sut.latestPublishedBySlugs([])).resolves.toEqual(new Map());
    expect(none.exerciseRepo.find).not.toHaveBeenCalled();
    await expect(none.sut.latestPublishedBySlugs(['missing'])).resolves.toEqual(new Map());
    expect(none.versionRepo.createQueryBuilder).not.toHaveBeenCalled();
  });

  it('pairs each exercise with its newest published version and leaves out drafts-only exercises', async () => {
    const a = exercise('a');
    const b = exercise('b');
    const { sut, exerciseRepo, query } = setup([a, b], [version('id-a')]);
    const found = await sut.latestPublishedBySlugs(['a', 'b']);
    expect([...found.keys()]).toEqual(['a']);
    expect(found.get('a')!.exercise).toBe(a);
    expect(exerciseRepo.find).toHaveBeenCalledWith({ where: { slug: In(['a', 'b']) }, relations: { track: true } });
    expect(query.andWhere).toHaveBeenCalledWith('v.status = :status', { status: VersionStatus.PUBLISHED });
    expect(query.addOrderBy).toHaveBeenCalledWith('v.version', 'DESC');
  });

  it("lists every published exercise for the managers' bank, assessment-only and retired ones included", async () => {
    const a = exercise('a', { assessmentOnly: true });
    const b = exercise('b', { retiredAt: new Date() });
    const { sut, exerciseRepo } = setup([a, b, exercise('draft-only')], [version('id-a'), version('id-b')]);
    const bank = await sut.allPublished();
    expect(bank.map((p) => p.exercise.slug)).toEqual(['a', 'b']);
    expect(exerciseRepo.find).toHaveBeenNthCalledWith(1, { select: { slug: true }, order: { createdAt: 'ASC' } });
  });

  it('reads exercises and versions by id (none asked, no query), an exercise with its track by slug, and counts an exposure in the caller transaction', async () => {
    const { sut, exerciseRepo, versionRepo } = setup([exercise('a')]);
    versionRepo.find.mockResolvedValue([version('id-a')]);
    await expect(sut.byIds([])).resolves.toEqual([]);
    await expect(sut.versionsByIds([])).resolves.toEqual([]);
    expect(exerciseRepo.find).not.toHaveBeenCalled();
    expect(versionRepo.find).not.toHaveBeenCalled();
    await expect(sut.byIds(['id-a', 'id-a'])).resolves.toEqual([exercise('a')]);
    expect(exerciseRepo.find).toHaveBeenCalledWith({ where: { id: In(['id-a']) } });
    await expect(sut.versionsByIds(['v-1'])).resolves.toEqual([version('id-a')]);
    expect(versionRepo.find).toHaveBeenCalledWith({ where: { id: In(['v-1']) } });
    exerciseRepo.findOne.mockResolvedValueOnce(exercise('a'));
    await expect(sut.withTrack('a')).resolves.toEqual(exercise('a'));
    expect(exerciseRepo.findOne).toHaveBeenCalledWith({ where: { slug: 'a' }, relations: { track: true } });
    const em = { increment: jest.fn(async (..._args: unknown[]) => undefined) };
    await sut.countExposure(em as unknown as EntityManager, 'id-a');
    expect(em.increment).toHaveBeenCalledWith(ExerciseEntity, { id: 'id-a' }, 'assessmentExposures', 1);
  });

  it('finds the id of a slug, published or not, and null for an unknown one', async () => {
    const { sut, exerciseRepo } = setup();
    exerciseRepo.findOne.mockResolvedValueOnce(exercise('a'));
    await expect(sut.idOf('a')).resolves.toBe('id-a');
    expect(exerciseRepo.findOne).toHaveBeenCalledWith({ where: { slug: 'a' }, select: { id: true } });
    exerciseRepo.findOne.mockResolvedValueOnce(null);
    await expect(sut.idOf('nope')).resolves.toBeNull();
  });

  it('lists the published exercises of tracks, none for no tracks', async () => {
    const { sut, exerciseRepo } = setup([exercise('a')], [version('id-a')]);
    await expect(sut.publishedInTracks([])).resolves.toEqual([]);
    expect(exerciseRepo.find).not.toHaveBeenCalled();
    const found = await sut.publishedInTracks(['t-1']);
    expect(found.map((p) => p.exercise.slug)).toEqual(['a']);
    expect(exerciseRepo.find).toHaveBeenNthCalledWith(1, {
      where: { trackId: In(['t-1']) },
      order: { createdAt: 'ASC' },
    });
  });

  it('answers NOT_FOUND for an unpublished slug', async () => {
    const { sut } = setup();
    await expect(sut.published('nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Exercise "nope" was not found',
    });
  });

  it('hides assessment-only and retired exercises from practice unless an assessment asks', async () => {
    for (const hidden of [{ assessmentOnly: true }, { retiredAt: new Date(0) }]) {
      const { sut } = setup([exercise('a', hidden)], [version('id-a')]);
      await expect(sut.published('a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(sut.published('a', { includeAssessmentOnly: true })).resolves.toMatchObject({
        exercise: { slug: 'a' },
      });
    }
  });
});

describe('ExercisesService: versions by id', () => {
  it("finds the version an assessment pinned, and answers NOT_FOUND once it is gone", async () => {
    const { sut, versionRepo } = setup();
    versionRepo.findOneBy.mockResolvedValueOnce(version('id-a', { id: 'v-1' }));
    await expect(sut.versionById('v-1')).resolves.toMatchObject({ id: 'v-1', exerciseId: 'id-a' });
    expect(versionRepo.findOneBy).toHaveBeenCalledWith({ id: 'v-1' });
    versionRepo.findOneBy.mockResolvedValueOnce(null);
    await expect(sut.versionById('v-2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('labels submissions with version numbers and slugs, asking once per distinct id and not at all for none', async () => {
    const { sut, exerciseRepo, versionRepo } = setup([exercise('softmax')]);
    versionRepo.find.mockResolvedValue([version('id-softmax', { id: 'v-1', version: 3 })]);
    const labels = await sut.labels(['v-1', 'v-1'], ['id-softmax', 'id-softmax']);
    expect(labels.versionNumbers).toEqual(new Map([['v-1', 3]]));
    expect(labels.slugs).toEqual(new Map([['id-softmax', 'softmax']]));
    expect(versionRepo.find.mock.calls[0]![0]).toMatchObject({ where: { id: In(['v-1']) } });
    expect(exerciseRepo.find.mock.calls[0]![0]).toMatchObject({ where: { id: In(['id-softmax']) } });
    versionRepo.find.mockClear();
    exerciseRepo.find.mockClear();
    expect(await sut.labels([], [])).toEqual({ versionNumbers: new Map(), slugs: new Map() });
    expect(versionRepo.find).not.toHaveBeenCalled();
    expect(exerciseRepo.find).not.toHaveBeenCalled();
  });
});

describe('ExercisesService: what a candidate sees', () => {
  it('shows visible tests as JSON and counts hidden ones, never revealing them or the reference', async () => {
    const tests = storedCodingTests([
      { name: 'small', hidden: false, input: [[1, 2]], expected: [0.27, 0.73], compare: { kind: 'exact' } },
      { name: 'nan', hidden: false, input: [[Number.NaN]], throws: true, compare: { kind: 'exact' } },
      { name: 'secret', hidden: true, input: [[9]], expected: [1], compare: { kind: 'exact' } },
    ]);
    const { sut } = setup([exercise('a')], [version('id-a', { tests })]);
    const view = await sut.view('a', 'zh-CN');
    expect(view).toMatchObject({
      slug: 'a',
      locale: 'zh-CN',
      version: 2,
      title: 'Stable softmax（中文）',
      track: { slug: 'foundations', title: 'Foundations（中文）' },
      hiddenTestCount: 1,
      practiceAttemptsPerHour: 12,
      pythonEntry: null,
      pythonStarterCode: null,
    });
    expect(view.visibleTests).toEqual([
      { name: 'small', input: '[[1,2]]', expected: '[0.27,0.73]', throws: false },
      { name: 'nan', input: '[["NaN"]]', expected: null, throws: true },
    ]);
    expect(JSON.stringify(view)).not.toContain('secret');
    expect(JSON.stringify(view)).not.toContain('the answer');
  });

  it('shows a quiz without its answers, and a MODEL exercise with its training defaults', async () => {
    const quiz = {
      questions: [
        {
          id: 'q1',
          kind: 'single' as const,
          text: text('Which?'),
          options: [
            { id: 'a', text: text('A') },
            { id: 'b', text: text('B') },
          ],
          answer: 'b',
          explanation: text('Because B'),
        },
        { id: 'q2', kind: 'short' as const, text: text('How many?'), accept: ['3'], explanation: text('Three') },
      ],
    };
    const q = setup([exercise('q', { type: ExerciseType.QUIZ })], [version('id-q', { quiz, entry: null })]);
    const quizView = q.sut.toView(exercise('q', { type: ExerciseType.QUIZ }), version('id-q', { quiz }), 'en');
    expect(quizView.questions).toEqual([
      {
        id: 'q1',
        kind: 'single',
        text: 'Which?',
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
      },
      { id: 'q2', kind: 'short', text: 'How many?', options: [] },
    ]);
    expect(JSON.stringify(quizView)).not.toContain('Because B');
    expect(quizView.visibleTests).toBeUndefined();
    expect(quizView.hiddenTestCount).toBeNull();

    const task = { inputShape: [32, 32, 3], numClasses: 10, output: 'softmax' };
    const budget = { maxParams: 1e6, maxEpochs: 4, maxBatchSize: 128, wallClockSeconds: 600 };
    const model = version('id-m', {
      task,
      budget,
      dataset: 'cifar10',
      threshold: 0.5,
    } as Partial<ExerciseVersionEntity>);
    expect(q.sut.toView(exercise('m', { type: ExerciseType.MODEL }), model, 'en')).toMatchObject({
      dataset: 'cifar10',
      threshold: 0.5,
      trainingDefaults: {
        optimizer: 'adam',
        learningRate: 0.001,
        loss: 'sparseCategoricalCrossentropy',
        epochs: 4,
        batchSize: 32,
        validationSplit: 0,
      },
    });
  });

  it('shows the Python starter only when the version offers Python', () => {
    const { sut } = setup();
    expect(sut.toView(exercise('a'), version('id-a', { pythonEntry: 'softmax' }), 'en')).toMatchObject({
      pythonEntry: 'softmax',
      pythonStarterCode: 'def softmax(): pass',
    });
  });

  it('writes NaN and infinities as strings in JSON for people', () => {
    expect(showJson([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5, null])).toBe(
      '["NaN","Infinity","-Infinity",1.5,null]',
    );
  });
});

describe('ExercisesService: languages', () => {
  it('offers no language for a quiz, and TypeScript, JavaScript and Keras JSON for a MODEL', async () => {
    const { sut } = setup();
    await expect(sut.languages(ExerciseType.QUIZ, null)).resolves.toEqual([]);
    const model = await sut.languages(ExerciseType.MODEL, null);
    expect(model.map((l) => l.language)).toEqual([
      SubmissionLanguage.TYPESCRIPT,
      SubmissionLanguage.JAVASCRIPT,
      SubmissionLanguage.KERAS_JSON,
    ]);
    expect(model.every((l) => l.available && l.reason === null)).toBe(true);
  });

  it('lists Python for a CODING exercise with a Python reference, with why it cannot run here', async () => {
    const { sut } = setup();
    const probe = python({ available: false, reason: 'bwrap is not installed' });
    await expect(sut.languages(ExerciseType.CODING, null)).resolves.toHaveLength(2);
    expect(probe).not.toHaveBeenCalled();
    const languages = await sut.languages(ExerciseType.CODING, 'softmax');
    expect(languages.at(-1)).toEqual({
      language: SubmissionLanguage.PYTHON,
      available: false,
      reason: 'bwrap is not installed',
    });
    probe.mockResolvedValue({ available: true });
    expect((await sut.languages(ExerciseType.CODING, 'softmax')).at(-1)).toEqual({
      language: SubmissionLanguage.PYTHON,
      available: true,
      reason: null,
    });
  });

  it('refuses PYTHON as BAD_USER_INPUT on language for a version without it or a server that cannot run it', async () => {
    const { sut } = setup();
    await expect(sut.requirePython('a', version('id-a'))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('"a" is not offered in PYTHON'),
      details: { field: 'language' },
    });
    const probe = python({ available: false, reason: 'no NumPy' });
    await expect(sut.requirePython('a', version('id-a', { pythonEntry: 'softmax' }))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('PYTHON is unavailable on this server'),
      details: { field: 'language' },
    });
    probe.mockResolvedValue({ available: true });
    await expect(sut.requirePython('a', version('id-a', { pythonEntry: 'softmax' }))).resolves.toBe('softmax');
  });
});
