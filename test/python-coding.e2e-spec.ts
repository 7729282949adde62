/**
 * Python for CODING exercises through the API: the exercise lists PYTHON (available here, with
 * bwrap and python3-numpy), the editor's Run uses the API's Python sandbox, and a Python solution
 * is graded end to end by a real worker process (PostgreSQL, Redis, BullMQ, bwrap); a hostile one
 * fails with its limit named and the worker grades the next.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signedInUser } from './factories/user.factory.js';
import { Role } from '../src/access/role.enum.js';
import { SUBMIT, waitForFinalSubmission } from './factories/submission.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

const RUN = `mutation R($input: PracticeCodeInput!) { runVisibleTests(input: $input) {
  passed total hiddenTestCount error { code message line } results { name passed message got } console { text } } }`;
const read = (slug: string, file: string) => readFileSync(path.resolve('exercises', slug, file), 'utf8');

describe('PYTHON coding exercises through the API and a real worker (bwrap, PostgreSQL, Redis)', () => {
  let api: TestApi;
  let worker: WorkerProcess;
  let token: string;
  let mentor: string;

  const submit = (exerciseSlug: string, code: string, language = 'PYTHON') =>
    api.gql<{ submitSolution: { id: string; status: string } }>(
      SUBMIT,
      { input: { exerciseSlug, language, code } },
      token,
    );

  const waitFinal = (id: string, timeoutMs = 90_000) =>
    waitForFinalSubmission(api, id, token, { timeoutMs, log: () => worker.output.slice(-3000) });

  beforeAll(async () => {
    api = await startTestApi();
    // Its own uids: the API in this process uses 61100+ (PYTHON_SANDBOX_UID_BASE + 100).
    worker = await startTestWorker(api, { PYTHON_SANDBOX_UID_BASE: '61200' });
    token = (await signedInUser(api)).token;
    mentor = (await signedInUser(api, Role.MENTOR)).token;
  }, 300_000); // the worker verifies the data-set caches at start: minutes on a loaded 2-core machine

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
  });

  it('logs at the worker start that the Python sandbox works', () => {
    expect(worker.output).toContain('Python sandbox: works');
  });

  it('lists PYTHON among the languages of a coding exercise, with its entry and starter; not for a MODEL exercise', async () => {
    const res = await api.gql<{ coding: Record<string, any>; model: Record<string, any> }>(
      `{ coding: exercise(slug: "stable-softmax") { pythonEntry pythonStarterCode languages { language available reason } }
         model: exercise(slug: "cifar10-cnn") { pythonEntry languages { language available } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.coding.pythonEntry).toBe('softmax');
    expect(res.data!.coding.pythonStarterCode).toBe(read('stable-softmax', 'starter.py'));
    expect(res.data!.coding.languages).toEqual([
      { language: 'TYPESCRIPT', available: true, reason: null },
      { language: 'JAVASCRIPT', available: true, reason: null },
      { language: 'PYTHON', available: true, reason: null },
    ]);
    expect(res.data!.model.pythonEntry).toBeNull();
    expect(res.data!.model.languages.map((l: { language: string }) => l.language)).toEqual([
      'TYPESCRIPT',
      'JAVASCRIPT',
      'KERAS_JSON',
    ]);
  });

  it('runs the visible tests of Python code in the API (reference passes, starter fails, a syntax error names its line)', async () => {
    const run = async (code: string) => {
      const res = await api.gql<{ runVisibleTests: Record<string, any> }>(
        RUN,
        { input: { exerciseSlug: 'stable-softmax', language: 'PYTHON', code } },
        token,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.runVisibleTests;
    };
    const good = await run(read('stable-softmax', 'reference.py'));
    expect(good.error).toBeNull();
    expect(good.passed).toBe(good.total);
    const starter = await run(read('stable-softmax', 'starter.py'));
    expect(starter.passed).toBeLessThan(starter.total);
    const broken = await run('import numpy as np\n\ndef softmax(x)\n    return x\n');
    expect(broken.error).toMatchObject({ code: 'COMPILE_ERROR', line: 3 });
  });

  it('refuses PYTHON for a MODEL exercise, naming the field', async () => {
    const res = await submit('cifar10-cnn', 'def build():\n    pass\n');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
    expect(res.errors![0]!.message).toMatch(/MODEL exercises take TYPESCRIPT, JAVASCRIPT or KERAS_JSON/);
  });

  it('grades a Python reference PASSED and its starter FAILED on every test, hidden ones included', async () => {
    const good = await waitFinal(
      (await submit('stable-softmax', read('stable-softmax', 'reference.py'))).data!.submitSolution.id,
    );
    expect(good.status).toBe('PASSED');
    expect(good.grade.score).toBe(100);
    const bad = await waitFinal(
      (await submit('stable-softmax', read('stable-softmax', 'starter.py'))).data!.submitSolution.id,
    );
    expect(bad.status).toBe('FAILED');
    expect(bad.grade.feedback.join('\n')).toMatch(/hidden tests? passed/);
  }, 180_000);

  it('fails a Python endless loop on its time limit, then the worker grades the next submission', async () => {
    const loop = await waitFinal(
      (await submit('broadcast-shapes', 'def broadcast_shapes(a, b):\n    while True:\n        pass\n')).data!
        .submitSolution.id,
    );
    expect(loop.status).toBe('FAILED');
    expect(JSON.stringify(loop.grade.feedback)).toMatch(/CPU time, the limit|wall-clock limit/);
    const next = await waitFinal(
      (await submit('broadcast-shapes', read('broadcast-shapes', 'reference.py'))).data!.submitSolution.id,
    );
    expect(next.status).toBe('PASSED');
  }, 180_000);

  it('lets a mentor author a Python version, refused unless complete, and validates it with the same tests', async () => {
    const CREATE = 'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }';
    const draft = (python: Record<string, string>) => ({
      slug: 'relu-python',
      type: 'CODING',
      trackSlug: 'foundations',
      difficulty: 1,
      title: { en: 'ReLU', zhCN: 'ReLU 激活' },
      summary: { en: 'Apply max(0, x) to every element.', zhCN: '对每个元素取 max(0, x)。' },
      statement: { en: 'Implement `relu(xs)`.', zhCN: '实现 `relu(xs)`。' },
      skills: [],
      entry: 'default',
      testsYaml: [
        'compare: { kind: array }',
        'visible:',
        '  - { name: mixed, input: [[-1, 0, 2]], expected: [0, 0, 2] }',
        'hidden:',
        '  - { name: all-negative, input: [[-3, -0.5]], expected: [0, 0] }',
      ].join('\n'),
      threshold: 1,
      starterCode: 'export default function relu(xs: number[]): number[] { return xs; }',
      referenceCode: 'export default function relu(xs: number[]): number[] { return xs.map((x) => Math.max(0, x)); }',
      ...python,
    });
    const partial = await api.gql(CREATE, { i: draft({ pythonEntry: 'relu' }) }, mentor);
    expect(partial.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pythonStarter' });
    const camel = await api.gql(
      CREATE,
      { i: draft({ pythonEntry: 'reluForward', pythonStarter: 'x', pythonReference: 'y' }) },
      mentor,
    );
    expect(camel.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pythonEntry' });
    const created = await api.gql(
      CREATE,
      {
        i: draft({
          pythonEntry: 'relu',
          pythonStarter: 'def relu(xs):\n    return xs\n',
          pythonReference:
            'import numpy as np\n\ndef relu(xs):\n    return np.maximum(np.asarray(xs, dtype=float), 0)\n',
        }),
      },
      mentor,
    );
    expect(created.errors).toBeUndefined();
    const queued = await api.gql<{ validateExercise: { id: string } }>(
      'mutation { validateExercise(slug: "relu-python") { id } }',
      undefined,
      mentor,
    );
    const VALIDATION = 'query($id: ID!) { exerciseValidation(id: $id) { status results { solution ok } } }';
    let v: { status: string; results: { solution: string; ok: boolean }[] } | undefined;
    const until = Date.now() + 90_000;
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
      ['python reference', true],
      ['python starter', true],
    ]);
  }, 180_000);
});
