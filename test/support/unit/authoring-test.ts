/**
 * Fixtures of the AuthoringService specs (two files, by behaviour): users, draft inputs, exercise
 * and version rows, and the service with its DataSource answered per entity (mockDatabase).
 */
import type { AuthUser } from '../../../src/access/access.decorators.js';
import { Role } from '../../../src/access/role.enum.js';
import { AssessmentEntity } from '../../../src/assessments/assessment.entity.js';
import type { AuthoringService as AuthoringServiceClass } from '../../../src/authoring/authoring.service.js';
import type { ExerciseDraftInput } from '../../../src/authoring/dto/exercise-draft.input.js';
import { ExerciseValidationEntity } from '../../../src/authoring/exercise-validation.entity.js';
import { ExerciseVersionEntity } from '../../../src/exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../../../src/exercises/exercise.entity.js';
import { ExerciseOrigin, ExerciseType, VersionStatus } from '../../../src/exercises/exercise.types.js';
import { TrackEntity } from '../../../src/tracks/track.entity.js';
import { autoMock, mockDatabase, newTestService, type MockedStore } from './new-test-service.js';

/** What GraphQL passes for a nullable input field left out (the input's types say undefined). */
export const GRAPHQL_NULL = null as unknown as undefined;
export const mentor: AuthUser = { id: 'mentor-1', role: Role.MENTOR, email: 'm@x.test' };
export const other: AuthUser = { id: 'mentor-2', role: Role.MENTOR, email: 'o@x.test' };
export const admin: AuthUser = { id: 'admin', role: Role.ADMIN, email: 'a@x.test' };
export const text = (en: string) => ({ en, zhCN: `${en}（中文）` });
export const TESTS_YAML =
  'visible:\n  - { name: one, input: [1], expected: 1 }\nhidden:\n  - { name: two, input: [2], expected: 2 }\n';

export const modelInput = (over: Partial<ExerciseDraftInput> = {}): ExerciseDraftInput =>
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
export const codingInput = (over: Partial<ExerciseDraftInput> = {}) =>
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
export const exerciseRow = (over: Partial<ExerciseEntity> = {}) =>
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
export const versionRow = (over: Partial<ExerciseVersionEntity> = {}) =>
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
export const byEntity = (fn: MockedStore[string], answers: Map<unknown, unknown>) =>
  fn.mockImplementation(async (entity: unknown) => answers.get(entity) ?? null);

/** The service under test (the class imported after its module mocks) with its database, queue, audit and pool mocked. */
export function setup(AuthoringService: typeof AuthoringServiceClass) {
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
export type Setup = ReturnType<typeof setup>;
/** The exercise being edited (found under its row lock) and its newest version. */
export const editing = (
  t: Setup,
  exercise: ExerciseEntity | null = exerciseRow(),
  latest: ExerciseVersionEntity | null = versionRow(),
) => {
  t.em.findOneOrFail.mockResolvedValue(latest);
  return byEntity(
    t.em.findOne,
    new Map<unknown, unknown>([
      [ExerciseEntity, exercise],
      [ExerciseVersionEntity, latest],
    ]),
  );
};
