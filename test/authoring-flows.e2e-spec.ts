import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Role } from '../src/access/role.enum.js';
import { UsersService } from '../src/users/users.service.js';
import { LOGIN, userInput } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

/** Issue 10, mentors: drafts read back, listed, deleted; who may change what; repository exercises duplicated. */
describe('mentor drafts and ownership (issue 10)', () => {
  let api: TestApi;
  let author: string;
  let other: string;

  const mentor = async () => {
    const m = userInput();
    await api.app.get(UsersService).create({ ...m, role: Role.MENTOR });
    return (await api.gql<{ login: { token: string } }>(LOGIN, { input: { email: m.email, password: m.password } }))
      .data!.login.token;
  };
  const TESTS = [
    'compare: { kind: array }',
    'visible:',
    '  - { name: mixed, input: [[-1, 0, 2]], expected: [0, 0, 2] }',
    'hidden:',
    '  - { name: empty, input: [[]], expected: [] }',
  ].join('\n');
  const draft = {
    slug: 'relu-draft',
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
  const DRAFT = `query($s: String!) { exerciseDraft(slug: $s) { slug version status content {
    type trackSlug difficulty title { en zhCN } statement { en zhCN } starterCode referenceCode entry tests threshold } } }`;
  const SET =
    'mutation($s: String!, $v: Boolean!) { setExerciseAssessmentOnly(slug: $s, assessmentOnly: $v) { assessmentOnly } }';

  beforeAll(async () => {
    api = await startTestApi();
    author = await mentor();
    other = await mentor();
    const created = await api.gql(
      'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }',
      { i: draft },
      author,
    );
    expect(created.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('reads a draft back whole for its author, and lists it among their exercises; another mentor sees neither', async () => {
    const mine = await api.gql<{ exerciseDraft: { content: any } }>(DRAFT, { s: 'relu-draft' }, author);
    expect(mine.errors).toBeUndefined();
    const { content } = mine.data!.exerciseDraft;
    expect(content).toMatchObject({
      type: 'CODING',
      trackSlug: 'foundations',
      difficulty: 2,
      title: draft.title,
      statement: draft.statement,
      starterCode: draft.starterCode,
      referenceCode: draft.referenceCode,
      entry: 'default',
      threshold: 1,
    });
    expect(JSON.parse(content.tests).map((t: { name: string; hidden?: boolean }) => [t.name, !!t.hidden])).toEqual([
      ['mixed', false],
      ['empty', true],
    ]);
    const theirs = await api.gql<{ exerciseDraft: { content: unknown } }>(DRAFT, { s: 'relu-draft' }, other);
    expect(theirs.data!.exerciseDraft.content).toBeNull();
    const LIST = '{ myExercises { slug status } }';
    expect((await api.gql<{ myExercises: unknown[] }>(LIST, undefined, author)).data!.myExercises).toEqual([
      { slug: 'relu-draft', status: 'DRAFT' },
    ]);
    expect((await api.gql<{ myExercises: unknown[] }>(LIST, undefined, other)).data!.myExercises).toEqual([]);
  });

  it("lets only the author (and admins) change an exercise's flags and content", async () => {
    const flag = await api.gql(SET, { s: 'relu-draft', v: true }, other);
    expect(flag.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const edit = await api.gql(
      'mutation($s: String!, $i: ExerciseDraftPatch!) { updateExercise(slug: $s, input: $i) { version } }',
      { s: 'relu-draft', i: { ...draft, difficulty: 5 } },
      other,
    );
    expect(edit.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const deleted = await api.gql('mutation { deleteExerciseDraft(slug: "relu-draft") }', undefined, other);
    expect(deleted.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await api.gql(SET, { s: 'relu-draft', v: true }, author)).errors).toBeUndefined();
  });

  it('refuses to change an exercise from exercises/ with EXERCISE_FROM_REPOSITORY, and duplicates it as a draft of your own', async () => {
    const flag = await api.gql(SET, { s: 'stable-softmax', v: true }, author);
    expect(flag.errors![0]!.extensions!.code).toBe('EXERCISE_FROM_REPOSITORY');
    expect(flag.errors![0]!.message).toMatch(/duplicateExerciseAsDraft/);
    const copy = await api.gql<{ duplicateExerciseAsDraft: { slug: string; version: number; status: string } }>(
      'mutation { duplicateExerciseAsDraft(slug: "stable-softmax", newSlug: "my-softmax") { slug version status } }',
      undefined,
      author,
    );
    expect(copy.errors).toBeUndefined();
    expect(copy.data!.duplicateExerciseAsDraft).toEqual({ slug: 'my-softmax', version: 1, status: 'DRAFT' });
    const read = await api.gql<{ exerciseDraft: { content: { referenceCode: string } } }>(
      DRAFT,
      { s: 'my-softmax' },
      author,
    );
    expect(read.data!.exerciseDraft.content.referenceCode).toBe(
      readFileSync('exercises/stable-softmax/reference.ts', 'utf8'),
    );
    // A draft is not public.
    const open = await api.gql('{ exercise(slug: "my-softmax") { slug } }');
    expect(open.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses unknown skills, an unknown grader and a task shape the data set does not have, naming the field', async () => {
    const CREATE = 'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }';
    const field = async (i: Record<string, unknown>) =>
      (await api.gql(CREATE, { i: { ...draft, slug: 'bad-meta', ...i } }, author)).errors?.[0]?.extensions?.field;
    expect(await field({ skills: ['telepathy'] })).toBe('skills');
    expect(await field({ grader: 'magic' })).toBe('grader');
    const model = {
      type: 'MODEL',
      trackSlug: 'computer-vision',
      dataset: 'cifar10',
      task: { inputShape: [28, 28, 1], numClasses: 10 },
      budget: { maxParams: 100000, maxEpochs: 1, maxBatchSize: 64, wallClockSeconds: 60 },
      baselineCode: draft.starterCode,
      entry: undefined,
      testsYaml: undefined,
      grader: 'accuracy-threshold',
      threshold: 0.3,
    };
    expect(await field(model)).toBe('task.inputShape');
    const known = await api.gql<{ tracks: { skills: { slug: string }[] }[] }>('{ tracks { skills { slug } } }');
    const skill = known.data!.tracks[0]!.skills[0]!.slug;
    expect(await field({ skills: [skill], slug: 'good-meta' })).toBeUndefined();
  });

  it('deletes a never-published draft, exercise and all', async () => {
    const deleted = await api.gql<{ deleteExerciseDraft: boolean }>(
      'mutation { deleteExerciseDraft(slug: "my-softmax") }',
      undefined,
      author,
    );
    expect(deleted.data!.deleteExerciseDraft).toBe(true);
    const gone = await api.gql(DRAFT, { s: 'my-softmax' }, author);
    expect(gone.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
