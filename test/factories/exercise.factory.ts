import { ExerciseVersionEntity } from '../../src/exercises/exercise-version.entity.js';
import { storedCodingTests } from '../../src/coding/stored-tests.js';
import { ExerciseEntity } from '../../src/exercises/exercise.entity.js';
import { ExerciseOrigin, ExerciseType, VersionStatus } from '../../src/exercises/exercise.types.js';
import { TrackEntity } from '../../src/tracks/track.entity.js';
import type { UserEntity } from '../../src/users/user.entity.js';
import { unique, type Db } from './rows.js';

const text = (en: string) => ({ en, 'zh-CN': en });

/** Content of a version by exercise type: what the checks on each type need, nothing more. */
function contentFor(type: ExerciseType): Partial<ExerciseVersionEntity> {
  switch (type) {
    case ExerciseType.MODEL:
      return {
        dataset: 'cifar10',
        task: { inputShape: [32, 32, 3], numClasses: 10, output: 'softmax' },
        budget: { maxParams: 250_000, maxEpochs: 2, maxBatchSize: 256, wallClockSeconds: 120, trainSubset: 1000 },
        grader: 'accuracy-threshold',
        threshold: 0.15,
      };
    case ExerciseType.CODING:
      return {
        grader: 'unit-tests',
        entry: 'default',
        tests: storedCodingTests([
          { name: 'adds', hidden: false, input: [1, 2], expected: 3, compare: { kind: 'exact' } },
        ]),
      };
    case ExerciseType.QUIZ:
      return {
        grader: 'quiz',
        quiz: {
          questions: [
            {
              id: 'q1',
              kind: 'single',
              text: text('Pick a.'),
              options: [{ id: 'a', text: text('a') }],
              answer: 'a',
              explanation: text('a it is.'),
            },
          ],
        },
      };
  }
}

/**
 * An exercise made through the API (origin API, so a content sync leaves it alone) with one
 * version, PUBLISHED unless `status` says otherwise, in the first track (one is made when the
 * database has none).
 */
export async function createExercise(
  db: Db,
  o: {
    type?: ExerciseType;
    slug?: string;
    status?: VersionStatus;
    author?: UserEntity;
    version?: Partial<ExerciseVersionEntity>;
  } = {},
): Promise<{ exercise: ExerciseEntity; version: ExerciseVersionEntity }> {
  const type = o.type ?? ExerciseType.CODING;
  const tracks = db.getRepository(TrackEntity);
  const track =
    (await tracks.findOne({ where: {}, order: { position: 'ASC' } })) ??
    (await tracks.save({
      slug: `track-${unique()}`,
      position: 999,
      title: text('Track'),
      summary: text('Track'),
      contentHash: '0'.repeat(64),
    }));
  const exercise = await db.getRepository(ExerciseEntity).save({
    slug: o.slug ?? `exercise-${unique()}`,
    trackId: track.id,
    type,
    origin: ExerciseOrigin.API,
    createdBy: o.author?.id ?? null,
  });
  const status = o.status ?? VersionStatus.PUBLISHED;
  const version = await db.getRepository(ExerciseVersionEntity).save({
    exerciseId: exercise.id,
    version: 1,
    status,
    publishedAt: status === VersionStatus.PUBLISHED ? new Date() : null,
    title: text(`Exercise ${exercise.slug}`),
    summary: text('A factory exercise.'),
    statement: text('Solve it.'),
    difficulty: 1,
    starterCode: 'export default function solve() {}',
    referenceCode: 'export default function solve(a: number, b: number) { return a + b; }',
    contentHash: unique().padEnd(64, '0'),
    ...contentFor(type),
    ...o.version,
  });
  return { exercise, version };
}

/** The tests.yaml of the ReLU coding draft below: one visible and one hidden test. */
export const RELU_TESTS_YAML = [
  'compare: { kind: array }',
  'visible:',
  '  - { name: mixed, input: [[-1, 0, 2]], expected: [0, 0, 2] }',
  'hidden:',
  '  - { name: all-negative, input: [[-3, -0.5]], expected: [0, 0] }',
].join('\n');

/** `ExerciseDraftInput` of a small CODING exercise (ReLU) whose reference passes and starter fails. */
export function reluDraftInput(slug: string) {
  return {
    slug,
    type: 'CODING',
    trackSlug: 'foundations',
    difficulty: 1,
    title: { en: 'ReLU', zhCN: 'ReLU 激活' },
    summary: { en: 'Apply max(0, x) to every element.', zhCN: '对每个元素取 max(0, x)。' },
    statement: { en: 'Implement `relu(xs: number[]): number[]`.', zhCN: '实现 `relu(xs: number[]): number[]`。' },
    skills: [],
    entry: 'default',
    testsYaml: RELU_TESTS_YAML,
    threshold: 1,
    starterCode: 'export default function relu(xs: number[]): number[] { return xs; }',
    referenceCode: 'export default function relu(xs: number[]): number[] { return xs.map((x) => Math.max(0, x)); }',
  };
}
