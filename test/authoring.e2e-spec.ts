import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Role } from '../src/access/role.enum.js';
import { hopelessModel, smallDenseModel, SUBMIT } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

const SLUG = 'mentor-cifar-mlp';
const draft = (threshold: number) => ({
  slug: SLUG,
  trackSlug: 'computer-vision',
  difficulty: 1,
  title: { en: 'A first MLP on CIFAR-10', zhCN: 'CIFAR-10 上的第一个多层感知机' },
  summary: { en: 'Beat chance with a small dense network.', zhCN: '用一个小型全连接网络超过随机水平。' },
  statement: { en: '# Task\nBuild a small dense network.', zhCN: '# 任务\n搭建一个小型全连接网络。' },
  skills: [],
  dataset: 'cifar10',
  task: { inputShape: [32, 32, 3], numClasses: 10, output: 'softmax' },
  budget: {
    maxParams: 200000,
    maxEpochs: 2,
    maxBatchSize: 128,
    wallClockSeconds: 120,
    trainSubset: 1000,
    testSubset: 500,
  },
  grader: 'accuracy-threshold',
  threshold,
  starterCode: hopelessModel(),
  referenceCode: smallDenseModel(2),
  baselineCode: hopelessModel(),
});

const CREATE = 'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug version status } }';
const UPDATE =
  'mutation($s: String!, $i: ExerciseDraftPatch!) { updateExercise(slug: $s, input: $i) { slug version status } }';
const VALIDATE = 'mutation($s: String!) { validateExercise(slug: $s) { id status version } }';
const PUBLISH = 'mutation($s: String!) { publishExercise(slug: $s) { version status } }';
const VALIDATION =
  'query($id: ID!) { exerciseValidation(id: $id) { status reason current results { solution mustPass passed ok accuracy summary } epochs { solution epoch loss accuracy valLoss valAccuracy } progress { solution stage epoch } } }';

interface ValidationRead {
  status: string;
  reason: string;
  results: { solution: string; ok: boolean }[];
  epochs: { solution: string; epoch: number; loss: number | null; accuracy: number | null }[];
  progress: { solution: string; stage: string; epoch: number | null } | null;
}

describe('mentors author, validate and publish exercises; versions stay pinned (real worker)', () => {
  let api: TestApi;
  let worker: WorkerProcess;
  let db: pg.Client;
  let mentor: string;
  let candidate: string;
  let submissionId: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    worker = await startTestWorker(api, { SWEEP_INTERVAL_SECONDS: '2' });
    mentor = (await signedInUser(api, Role.MENTOR)).token;
    candidate = (await signedInUser(api)).token;
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await db?.end();
    await api?.close();
  });

  const validateUntilDone = async () => {
    const queued = await api.gql<{ validateExercise: { id: string; status: string } }>(VALIDATE, { s: SLUG }, mentor);
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.validateExercise.status).toBe('QUEUED');
    const until = Date.now() + 150_000;
    const seen: NonNullable<ValidationRead['progress']>[] = [];
    for (;;) {
      const res = await api.gql<{ exerciseValidation: ValidationRead }>(
        VALIDATION,
        { id: queued.data!.validateExercise.id },
        mentor,
      );
      const v = res.data!.exerciseValidation;
      if (v.progress) seen.push(v.progress);
      if (!['QUEUED', 'RUNNING'].includes(v.status)) return { ...v, seen };
      if (Date.now() > until) throw new Error(`validation still ${v.status}\n${worker.output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  it('refuses authoring to a candidate', async () => {
    const res = await api.gql(CREATE, { i: draft(0.15) }, candidate);
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('drafts an exercise that is not visible to candidates and cannot be published before validation', async () => {
    const created = await api.gql<{ createExercise: { version: number; status: string } }>(
      CREATE,
      { i: draft(0.15) },
      mentor,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createExercise).toMatchObject({ version: 1, status: 'DRAFT' });
    const hidden = await api.gql('query($s: String!) { exercise(slug: $s) { slug } }', { s: SLUG });
    expect(hidden.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const early = await api.gql(PUBLISH, { s: SLUG }, mentor);
    expect(early.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(early.errors![0]!.message).toMatch(/validation run/);
  });

  it('runs the validation through the queue and a worker: the starter builds, the reference passes, the baseline fails; then publishes', async () => {
    const v = await validateUntilDone();
    expect(v).toMatchObject({
      status: 'PASSED',
      reason: 'The starter builds, the reference passes and the baseline fails',
    });
    expect(v.results.map((r) => [r.solution, r.ok])).toEqual([
      ['starter', true],
      ['reference', true],
      ['baseline', true],
    ]);
    // The live view the mentor page draws: each trained solution's epochs (from 1) for the
    // curves, the part in progress while running, nothing in progress once finished.
    const reference = v.epochs.filter((e) => e.solution === 'reference');
    expect(reference.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of reference) {
      expect(e.loss).toEqual(expect.any(Number));
      expect(e.accuracy!).toBeGreaterThanOrEqual(0);
    }
    expect(v.epochs.filter((e) => e.solution === 'baseline').length).toBeGreaterThanOrEqual(1);
    expect(v.epochs.every((e) => ['reference', 'baseline'].includes(e.solution))).toBe(true);
    expect(v.progress).toBeNull();
    for (const p of v.seen) {
      expect(['starter', 'reference', 'baseline']).toContain(p.solution);
      expect(['build', 'train', 'evaluate']).toContain(p.stage);
    }
    const published = await api.gql<{ publishExercise: { version: number; status: string } }>(
      PUBLISH,
      { s: SLUG },
      mentor,
    );
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishExercise).toEqual({ version: 1, status: 'PUBLISHED' });
    const open = await api.gql<{ exercise: { version: number } }>(
      'query($s: String!) { exercise(slug: $s) { slug version } }',
      { s: SLUG },
    );
    expect(open.data!.exercise.version).toBe(1);
  }, 180_000);

  it('refuses to publish a draft whose validation failed (a baseline that passes)', async () => {
    // Threshold 0: even the hopeless baseline passes, so the run must fail.
    await api.gql(UPDATE, { s: SLUG, i: draft(0) }, mentor);
    const v = await validateUntilDone();
    expect(v.status).toBe('FAILED');
    expect(v.reason).toMatch(/baseline must be graded and fail/);
    const refused = await api.gql(PUBLISH, { s: SLUG }, mentor);
    expect(refused.errors![0]!.extensions!.code).toBe('CONFLICT');
  }, 180_000);

  it('keeps old submissions on version 1 when editing creates version 2, and version 1 cannot be changed', async () => {
    const sub = await api.gql<{ submitSolution: { id: string; exerciseVersion: number } }>(
      SUBMIT,
      { input: { exerciseSlug: SLUG, language: 'JAVASCRIPT', code: smallDenseModel(1) } },
      candidate,
    );
    expect(sub.errors).toBeUndefined();
    submissionId = sub.data!.submitSolution.id;
    expect(sub.data!.submitSolution.exerciseVersion).toBe(1);

    const edited = await api.gql<{ updateExercise: { version: number; status: string } }>(
      UPDATE,
      { s: SLUG, i: draft(0.16) },
      mentor,
    );
    expect(edited.data!.updateExercise).toEqual({ slug: SLUG, version: 2, status: 'DRAFT' });
    const v = await validateUntilDone();
    expect(v.status).toBe('PASSED');
    const published = await api.gql<{ publishExercise: { version: number } }>(PUBLISH, { s: SLUG }, mentor);
    expect(published.data!.publishExercise.version).toBe(2);

    const old = await api.gql<{ submission: { exerciseVersion: number } }>(
      'query($id: ID!) { submission(id: $id) { exerciseVersion } }',
      { id: submissionId },
      candidate,
    );
    expect(old.data!.submission.exerciseVersion).toBe(1);
    const fresh = await api.gql<{ exercise: { version: number; threshold: number } }>(
      'query($s: String!) { exercise(slug: $s) { version threshold } }',
      { s: SLUG },
    );
    expect(fresh.data!.exercise).toEqual({ version: 2, threshold: 0.16 });
    await expect(
      db.query(
        `UPDATE exercise_versions SET threshold = 0.99 WHERE version = 1 AND exercise_id = (SELECT id FROM exercises WHERE slug = $1)`,
        [SLUG],
      ),
    ).rejects.toThrow(/published and cannot be changed/);
  }, 240_000);

  it('leaves exercises from the exercises/ folder to the repository', async () => {
    const res = await api.gql(UPDATE, { s: 'cifar10-cnn', i: { ...draft(0.2), slug: 'cifar10-cnn' } }, mentor);
    expect(res.errors![0]!.extensions!.code).toBe('EXERCISE_FROM_REPOSITORY');
    expect(res.errors![0]!.message).toMatch(/exercises\/ folder.*duplicateExerciseAsDraft/);
  });
});

describe('mentors author CODING exercises with hidden tests', () => {
  let api: TestApi;
  let worker: WorkerProcess;
  let mentor: string;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker(api);
    mentor = (await signedInUser(api, Role.MENTOR)).token;
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
  });

  const coding = (testsYaml: string) => ({
    slug: 'relu-forward',
    type: 'CODING',
    trackSlug: 'foundations',
    difficulty: 1,
    title: { en: 'ReLU', zhCN: 'ReLU 激活' },
    summary: { en: 'Apply max(0, x) to every element.', zhCN: '对每个元素取 max(0, x)。' },
    statement: { en: 'Implement `relu(xs: number[]): number[]`.', zhCN: '实现 `relu(xs: number[]): number[]`。' },
    skills: [],
    entry: 'default',
    testsYaml,
    threshold: 1,
    starterCode: 'export default function relu(xs: number[]): number[] { return xs; }',
    referenceCode: 'export default function relu(xs: number[]): number[] { return xs.map((x) => Math.max(0, x)); }',
  });
  const TESTS = [
    'compare: { kind: array }',
    'visible:',
    '  - { name: mixed, input: [[-1, 0, 2]], expected: [0, 0, 2] }',
    'hidden:',
    '  - { name: all-negative, input: [[-3, -0.5]], expected: [0, 0] }',
    '  - { name: empty, input: [[]], expected: [] }',
  ].join('\n');

  it('refuses malformed tests naming testsYaml, then validates (reference passes all, starter fails some) and publishes', async () => {
    const bad = await api.gql(CREATE, { i: coding('visible: 3') }, mentor);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'testsYaml' });
    const created = await api.gql<{ createExercise: { version: number; status: string } }>(
      CREATE,
      { i: coding(TESTS) },
      mentor,
    );
    expect(created.errors).toBeUndefined();
    const queued = await api.gql<{ validateExercise: { id: string } }>(
      'mutation { validateExercise(slug: "relu-forward") { id } }',
      undefined,
      mentor,
    );
    let v: { status: string; results: { solution: string; ok: boolean }[] } | undefined;
    const until = Date.now() + 60_000;
    while ((!v || ['QUEUED', 'RUNNING'].includes(v.status)) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      v = (
        await api.gql<{ exerciseValidation: typeof v }>(VALIDATION, { id: queued.data!.validateExercise.id }, mentor)
      ).data!.exerciseValidation;
    }
    expect(v!.status).toBe('PASSED');
    expect(v!.results.map((r) => [r.solution, r.ok])).toEqual([
      ['reference', true],
      ['starter', true],
    ]);
    const published = await api.gql<{ publishExercise: { status: string } }>(PUBLISH, { s: 'relu-forward' }, mentor);
    expect(published.data!.publishExercise.status).toBe('PUBLISHED');
    const shown = await api.gql<{ exercise: { visibleTests: { name: string }[]; hiddenTestCount: number } }>(
      '{ exercise(slug: "relu-forward") { visibleTests { name } hiddenTestCount } }',
    );
    expect(shown.data!.exercise).toEqual({ visibleTests: [{ name: 'mixed' }], hiddenTestCount: 2 });
    // Published through the API, it is in no track file, and still listed in its track (issue 10).
    const listed = await api.gql<{
      track: { exercises: { slug: string; available: boolean; type: string }[] };
      tracks: { slug: string; exercises: { slug: string }[] }[];
    }>('{ track(slug: "foundations") { exercises { slug available type } } tracks { slug exercises { slug } } }');
    expect(listed.data!.track.exercises).toContainEqual({ slug: 'relu-forward', available: true, type: 'CODING' });
    const inTracks = listed.data!.tracks.filter((t) => t.exercises.some((e) => e.slug === 'relu-forward'));
    expect(inTracks.map((t) => t.slug)).toEqual(['foundations']);
  }, 120_000);
});
