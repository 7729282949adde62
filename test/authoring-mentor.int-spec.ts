/**
 * Issue 10, mentors (the API the mentor pages use): partial edits, expected values filled from
 * the reference in the sandbox, retiring a published exercise, the live-assessment warning,
 * version history, and validation runs that check MODEL starters and name a mentor's MODEL
 * mistake as theirs. The API in-process on a real database; the validation runner is called
 * directly (nothing here trains). fillExpectedValues runs in the API's check pool (the one Check
 * and Run use) under its own per-account rate, EXPECTED_FILLS_PER_MINUTE = 3 here.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Role } from '../src/access/role.enum.js';
import { AuthoringService } from '../src/authoring/authoring.service.js';
import { draftHash } from '../src/authoring/draft-hash.js';
import { CHECK_POOL } from '../src/check-pool/check-pool.js';
import { PracticeChecksService } from '../src/practice-checks/practice-checks.service.js';
import type { SandboxPool } from '../src/sandbox/sandbox.js';
import { ExerciseValidationEntity } from '../src/authoring/exercise-validation.entity.js';
import { ExerciseVersionEntity } from '../src/exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../src/exercises/exercise.entity.js';
import { ExercisesService } from '../src/exercises/exercises.service.js';
import { validateConfig } from '../src/config/config.js';
import { ExerciseType, VersionStatus } from '../src/exercises/exercise.types.js';
import { mentorSafe, ValidationRunner } from '../src/grading/validation-runner.js';
import type { GradingJobData } from '../src/submissions/grading-queue.js';
import type { UserEntity } from '../src/users/user.entity.js';
import { createAssessment } from './factories/assessment.factory.js';
import { createExercise } from './factories/exercise.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const TESTS = [
  'compare: { kind: array }',
  'visible:',
  '  - { name: mixed, input: [[-1, 0, 2]], expected: null }',
  'hidden:',
  '  - { name: big, input: [[-5, 7]], expected: null }',
].join('\n');
const DRAFT = {
  slug: 'relu-partial',
  type: 'CODING',
  trackSlug: 'foundations',
  difficulty: 2,
  title: { en: 'ReLU', zhCN: 'ReLU 激活' },
  summary: { en: 'max(0, x) everywhere.', zhCN: '逐元素取 max(0, x)。' },
  statement: { en: 'Implement `relu`.', zhCN: '实现 `relu`。' },
  skills: [],
  entry: 'default',
  testsYaml: TESTS,
  threshold: 1,
  starterCode: 'export default function relu(xs: number[]): number[] { return xs; }',
  referenceCode: 'export default function relu(xs: number[]): number[] { return xs.map((x) => Math.max(0, x)); }',
};
const CONTENT = `content { difficulty title { en zhCN } statement { en zhCN } starterCode referenceCode tests threshold }`;
const READ = `query($s: String!) { exerciseDraft(slug: $s) { version status retired liveAssessmentCount ${CONTENT} } }`;
const UPDATE = `mutation($s: String!, $i: ExerciseDraftPatch!) { updateExercise(slug: $s, input: $i) { version ${CONTENT} } }`;
const CREATE = 'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }';
const FILL = `mutation($s: String!) { fillExpectedValues(slug: $s) { ${CONTENT} } }`;
const RETIRE = `mutation($s: String!, $r: Boolean!) { retireExercise(slug: $s, retired: $r) { retired } }`;

const oneTry = { attemptsMade: 0, opts: { attempts: 1 } } as unknown as Job<GradingJobData>;

describe('mentor authoring API (issue 10)', () => {
  let api: TestApi;
  let db: DataSource;
  let author: { user: UserEntity; token: string };
  let other: { user: UserEntity; token: string };

  beforeAll(async () => {
    api = await startTestApi({ EXPECTED_FILLS_PER_MINUTE: '3' });
    db = api.app.get(DataSource);
    author = await signedInUser(api, Role.MENTOR);
    other = await signedInUser(api, Role.MENTOR);
    const created = await api.gql(
      'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }',
      { i: DRAFT },
      author.token,
    );
    expect(created.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('updateExercise changes only the fields given: the rest, tests included, keep their values', async () => {
    const res = await api.gql<{ updateExercise: { content: Record<string, unknown> } }>(
      UPDATE,
      { s: 'relu-partial', i: { difficulty: 4, statement: { en: 'Implement **relu**.', zhCN: '实现 **relu**。' } } },
      author.token,
    );
    expect(res.errors).toBeUndefined();
    const c = res.data!.updateExercise.content;
    expect(c).toMatchObject({
      difficulty: 4,
      statement: { en: 'Implement **relu**.', zhCN: '实现 **relu**。' },
      title: DRAFT.title,
      starterCode: DRAFT.starterCode,
      referenceCode: DRAFT.referenceCode,
      threshold: 1,
    });
    expect(JSON.parse(c.tests as string).map((t: { name: string }) => t.name)).toEqual(['mixed', 'big']);
    const bad = await api.gql(UPDATE, { s: 'relu-partial', i: { difficulty: 9 } }, author.token);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'difficulty' });
  });

  it("fills the tests' expected values by running the reference in the sandbox, and stores them", async () => {
    const res = await api.gql<{ fillExpectedValues: { content: { tests: string } } }>(
      FILL,
      { s: 'relu-partial' },
      author.token,
    );
    expect(res.errors).toBeUndefined();
    const tests = JSON.parse(res.data!.fillExpectedValues.content.tests) as { name: string; expected: unknown }[];
    expect(tests.map((t) => [t.name, t.expected])).toEqual([
      ['mixed', [0, 0, 2]],
      ['big', [0, 7]],
    ]);
    const read = await api.gql<{ exerciseDraft: { content: { tests: string } } }>(
      READ,
      { s: 'relu-partial' },
      author.token,
    );
    expect(JSON.parse(read.data!.exerciseDraft.content.tests)[1].expected).toEqual([0, 7]);
    expect((await api.gql(FILL, { s: 'relu-partial' }, other.token)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
  }, 60_000);

  it('names the mentor’s reference as the problem when it cannot produce a value', async () => {
    await api.gql(
      UPDATE,
      {
        s: 'relu-partial',
        i: { referenceCode: 'export default function relu(xs) { return xs.map((x) => x.nope.deeper); }' },
      },
      author.token,
    );
    const res = await api.gql(FILL, { s: 'relu-partial' }, author.token);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'referenceCode' });
    expect(res.errors![0]!.message).toMatch(/^referenceCode: on test "mixed" the reference failed/);
  }, 60_000);

  it('fills in the check pool that Check and Run use: one pool instance, and the reference runs in it', async () => {
    const pool = api.app.get<SandboxPool>(CHECK_POOL);
    // The services' own references (private fields, read here on purpose): the same object.
    expect((api.app.get(AuthoringService) as unknown as { pool: SandboxPool }).pool).toBe(pool);
    expect((api.app.get(PracticeChecksService) as unknown as { pool: SandboxPool }).pool).toBe(pool);
    const mentor = await signedInUser(api, Role.MENTOR);
    expect((await api.gql(CREATE, { i: { ...DRAFT, slug: 'relu-pooled' } }, mentor.token)).errors).toBeUndefined();
    const runs = jest.spyOn(pool, 'runFunction');
    try {
      const res = await api.gql(FILL, { s: 'relu-pooled' }, mentor.token);
      expect(res.errors).toBeUndefined();
      expect(runs).toHaveBeenCalledTimes(1);
      expect(runs.mock.calls[0]![0]).toMatchObject({ code: DRAFT.referenceCode, entry: 'default' });
      expect(pool.childPids()).toHaveLength(1);
    } finally {
      runs.mockRestore();
    }
  }, 60_000);

  it('limits fills per account per minute with RATE_LIMITED and retryAfterSeconds, like Check and Run', async () => {
    const busy = await signedInUser(api, Role.MENTOR);
    expect((await api.gql(CREATE, { i: { ...DRAFT, slug: 'relu-limited' } }, busy.token)).errors).toBeUndefined();
    let refused: { message: string; extensions?: Record<string, unknown> } | undefined;
    let passed = 0;
    // A fixed one-minute window: within any two windows, at most 2 × 3 fills pass.
    for (let i = 0; i < 7 && !refused; i++) {
      const res = await api.gql(FILL, { s: 'relu-limited' }, busy.token);
      refused = res.errors?.[0];
      if (!refused) passed++;
    }
    expect(refused).toBeDefined();
    expect(passed).toBeGreaterThanOrEqual(3);
    expect(refused!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3 });
    expect(refused!.extensions!.retryAfterSeconds as number).toBeGreaterThanOrEqual(1);
    expect(refused!.extensions!.retryAfterSeconds as number).toBeLessThanOrEqual(60);
    expect(refused!.message).toMatch(/3 expected-value fills in this minute/);
    // Another account's fills, and the same account's Check/Run budget, are untouched.
    const fresh = await signedInUser(api, Role.MENTOR);
    expect((await api.gql(CREATE, { i: { ...DRAFT, slug: 'relu-other' } }, fresh.token)).errors).toBeUndefined();
    expect((await api.gql(FILL, { s: 'relu-other' }, fresh.token)).errors).toBeUndefined();
    const run = await api.gql<{ runVisibleTests: { total: number } }>(
      'mutation($i: PracticeCodeInput!) { runVisibleTests(input: $i) { total } }',
      { i: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: 'export default (xs) => xs;' } },
      busy.token,
    );
    expect(run.errors).toBeUndefined();
  }, 60_000);

  it('authors practice hints (en + zh-CN, in order) and the Python version through updateExercise, and reads them back', async () => {
    const Q = `content { pythonEntry pythonStarter pythonReference hints { en zhCN } }`;
    const EDIT = `mutation($s: String!, $i: ExerciseDraftPatch!) { updateExercise(slug: $s, input: $i) { ${Q} } }`;
    const hints = [
      { en: 'Negative inputs become 0.', zhCN: '负数输入变为 0。' },
      { en: 'np.maximum compares element by element.', zhCN: 'np.maximum 逐元素比较。' },
    ];
    const python = {
      pythonEntry: 'relu',
      pythonStarter: 'def relu(xs):\n    return xs\n',
      pythonReference: 'import numpy as np\ndef relu(xs):\n    return np.maximum(0, np.asarray(xs)).tolist()\n',
    };
    const res = await api.gql<{ updateExercise: { content: Record<string, unknown> } }>(
      EDIT,
      { s: 'relu-partial', i: { hints, ...python } },
      author.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateExercise.content).toEqual({ ...python, hints });
    // Another edit keeps them; a reordered list is stored in its new order; [] removes them.
    const other = await api.gql<{ updateExercise: { content: { hints: unknown[]; pythonEntry: string } } }>(
      EDIT,
      { s: 'relu-partial', i: { difficulty: 3 } },
      author.token,
    );
    expect(other.data!.updateExercise.content).toMatchObject({ hints, pythonEntry: 'relu' });
    const reordered = await api.gql<{ updateExercise: { content: { hints: unknown[] } } }>(
      EDIT,
      { s: 'relu-partial', i: { hints: [hints[1], hints[0]] } },
      author.token,
    );
    expect(reordered.data!.updateExercise.content.hints).toEqual([hints[1], hints[0]]);
    const row = await db.getRepository(ExerciseVersionEntity).findOneByOrFail({ exercise: { slug: 'relu-partial' } });
    expect(row.hints).toEqual([
      { en: hints[1]!.en, 'zh-CN': hints[1]!.zhCN },
      { en: hints[0]!.en, 'zh-CN': hints[0]!.zhCN },
    ]);
    // Refusals name the field: six hints, a hint without its Chinese text, a Python starter alone on a new draft.
    const six = await api.gql(EDIT, { s: 'relu-partial', i: { hints: Array(6).fill(hints[0]) } }, author.token);
    expect(six.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(six.errors![0]!.message).toMatch(/hints.*at most 5/);
    const half = await api.gql(
      EDIT,
      { s: 'relu-partial', i: { hints: [{ en: 'Only English', zhCN: '' }] } },
      author.token,
    );
    expect(half.errors![0]!.message).toMatch(/hints.*zhCN/);
    const cleared = await api.gql<{ updateExercise: { content: { hints: unknown[] } } }>(
      EDIT,
      { s: 'relu-partial', i: { hints: [] } },
      author.token,
    );
    expect(cleared.data!.updateExercise.content.hints).toEqual([]);
    const alone = await api.gql(
      CREATE,
      { i: { ...DRAFT, slug: 'relu-python-alone', pythonStarter: 'def relu(xs):\n    return xs\n' } },
      author.token,
    );
    expect(alone.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pythonEntry' });
  });

  it('retires a published exercise: gone from practice, tracks and new assessments, kept for the assessment that pinned it; author or admin only', async () => {
    const { exercise, version } = await createExercise(db, { type: ExerciseType.CODING, author: author.user });
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    const pinned = await createAssessment(db, { manager: manager.user, versions: [version] });
    const before = await api.gql<{ exerciseDraft: { liveAssessmentCount: number } }>(
      READ,
      { s: exercise.slug },
      author.token,
    );
    expect(before.data!.exerciseDraft.liveAssessmentCount).toBe(1);

    expect((await api.gql(RETIRE, { s: exercise.slug, r: true }, other.token)).errors![0]!.extensions!.code).toBe(
      'FORBIDDEN',
    );
    const retired = await api.gql(RETIRE, { s: exercise.slug, r: true }, author.token);
    expect(retired.errors).toBeUndefined();
    expect(retired.data).toEqual({ retireExercise: { retired: true } });

    const practice = await api.gql(`{ exercise(slug: "${exercise.slug}") { slug } }`);
    expect(practice.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const tracks = await api.gql<{ tracks: { exercises: { slug: string }[] }[] }>('{ tracks { exercises { slug } } }');
    expect(tracks.data!.tracks.flatMap((t) => t.exercises.map((e) => e.slug))).not.toContain(exercise.slug);
    const assess = await api.gql(
      'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
      { i: { title: 'After retiring', exerciseSlugs: [exercise.slug], timeLimitMinutes: 30 } },
      manager.token,
    );
    expect(assess.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'exerciseSlugs' });
    // The assessment that pinned it still shows it.
    const kept = await api.gql<{ assessmentExercise: { slug: string; version: number } }>(
      'query($a: ID!, $s: String!) { assessmentExercise(assessmentId: $a, slug: $s) { slug version } }',
      { a: pinned.id, s: exercise.slug },
      manager.token,
    );
    expect(kept.errors).toBeUndefined();
    expect(kept.data!.assessmentExercise).toEqual({ slug: exercise.slug, version: 1 });

    const audit = await api.gql<{ auditEvents: { action: string }[] }>(
      '{ auditEvents(action: "exercise.retired") { action } }',
      undefined,
      (await signedInUser(api, Role.ADMIN)).token,
    );
    expect(audit.data!.auditEvents).toHaveLength(1);
    const back = await api.gql(RETIRE, { s: exercise.slug, r: false }, author.token);
    expect(back.data).toEqual({ retireExercise: { retired: false } });
    expect((await api.gql(`{ exercise(slug: "${exercise.slug}") { slug } }`)).errors).toBeUndefined();
    // A draft never published has nothing to retire.
    expect((await api.gql(RETIRE, { s: 'relu-partial', r: true }, author.token)).errors![0]!.extensions!.code).toBe(
      'CONFLICT',
    );
  });

  it('lists every version with its content for a diff: editing a published exercise starts version 2', async () => {
    const { exercise } = await createExercise(db, { type: ExerciseType.CODING, author: author.user });
    const edit = await api.gql(UPDATE, { s: exercise.slug, i: { difficulty: 3 } }, author.token);
    expect(edit.errors).toBeUndefined();
    const Q = `query($s: String!) { exerciseVersions(slug: $s) { version status content { difficulty tests } } }`;
    const res = await api.gql<{
      exerciseVersions: { version: number; status: string; content: { difficulty: number } | null }[];
    }>(Q, { s: exercise.slug }, author.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.exerciseVersions.map((v) => [v.version, v.status, v.content!.difficulty])).toEqual([
      [1, 'PUBLISHED', 1],
      [2, 'DRAFT', 3],
    ]);
    const theirs = await api.gql<{ exerciseVersions: { content: unknown }[] }>(Q, { s: exercise.slug }, other.token);
    expect(theirs.data!.exerciseVersions.every((v) => v.content === null)).toBe(true);
  });

  it('a validation run checks the MODEL starter, and a task the data set cannot feed is the mentor’s error, named', async () => {
    const runner = new ValidationRunner(
      db,
      new ExercisesService(
        validateConfig({}),
        db.getRepository(ExerciseEntity),
        db.getRepository(ExerciseVersionEntity),
      ),
    );
    const runOf = async (version: { id: string }) => {
      const full = await db.getRepository(ExerciseVersionEntity).findOneByOrFail({ id: version.id });
      const row = await db.getRepository(ExerciseValidationEntity).save({
        exerciseVersionId: version.id,
        contentHash: draftHash(full),
        requestedBy: author.user.id,
      });
      await runner.run(row.id, oneTry, 1);
      return db.getRepository(ExerciseValidationEntity).findOneByOrFail({ id: row.id });
    };

    const misfit = await createExercise(db, {
      type: ExerciseType.MODEL,
      status: VersionStatus.DRAFT,
      author: author.user,
      version: { task: { inputShape: [28, 28, 1], numClasses: 10 }, baselineCode: 'x' },
    });
    const shapeRun = await runOf(misfit.version);
    expect(shapeRun.status).toBe('FAILED');
    expect(shapeRun.reason).toMatch(/task\.inputShape: CIFAR-10 images are \[32, 32, 3\], not \[28, 28, 1\]/);
    expect(shapeRun.reason).not.toMatch(/on our side|\/work|node_modules|\bat /);

    // A starter that does not build fails the run; nothing here trains (the reference is refused too).
    const broken = await createExercise(db, {
      type: ExerciseType.MODEL,
      status: VersionStatus.DRAFT,
      author: author.user,
      version: {
        starterCode: 'export default function build(tf, task) { return tf.sequential(; }',
        referenceCode: 'export default function build(tf, task) { throw new Error("not yet"); }',
        baselineCode: 'export default function build(tf, task) { throw new Error("not yet"); }',
      },
    });
    const starterRun = await runOf(broken.version);
    expect(starterRun.status).toBe('FAILED');
    const starter = starterRun.results.find((r) => r.solution === 'starter');
    expect(starter).toMatchObject({ mustPass: true, ok: false });
    expect(starterRun.reason).toMatch(/starter must build and be accepted, but: sandbox:/);
  }, 120_000);

  it('names the graders and data sets a draft may use', async () => {
    const res = await api.gql<{
      authoringOptions: { graders: { name: string; type: string }[]; datasets: { name: string; inputShape: string }[] };
    }>(
      '{ authoringOptions { graders { name type } datasets { name inputShape numClasses } } }',
      undefined,
      author.token,
    );
    expect(res.data!.authoringOptions.graders).toContainEqual({ name: 'unit-tests', type: 'CODING' });
    expect(res.data!.authoringOptions.datasets).toContainEqual({
      name: 'cifar10',
      inputShape: '[32, 32, 3]',
      numClasses: 10,
    });
  });

  it('mentorSafe keeps the first line of an error and hides server paths', () => {
    expect(
      mentorSafe('Error: boom at /work/main/dist/src/x.js:10:5\n    at foo (/work/main/node_modules/y.js:1:1)'),
    ).toBe('Error: boom at (server path)');
  });
});
