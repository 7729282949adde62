import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referenceCnn } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const CHECK = `mutation C($input: PracticeCodeInput!) { checkModel(input: $input) {
  ok millis error { code message line column } refusals { path message }
  summary { layers { name className outputShape params } totalParams maxParams withinParamBudget epochs maxEpochs batchSize maxBatchSize optimizer loss }
  console { text truncated } } }`;
const RUN = `mutation R($input: PracticeCodeInput!) { runVisibleTests(input: $input) {
  passed total hiddenTestCount millis error { code message line column }
  results { name input expected got passed message line column console millis }
  console { text truncated } } }`;

interface CheckResult {
  ok: boolean;
  error: { code: string; message: string; line: number | null; column: number | null } | null;
  refusals: { path: string; message: string }[];
  summary: {
    layers: { name: string; className: string; outputShape: string; params: number }[];
    totalParams: number;
    maxParams: number;
    withinParamBudget: boolean;
    epochs: number | null;
    maxEpochs: number;
    batchSize: number | null;
    optimizer: string | null;
    loss: string | null;
  } | null;
  console: { text: string; truncated: boolean };
}

interface RunResult {
  passed: number;
  total: number;
  hiddenTestCount: number;
  error: { code: string; line: number | null; column: number | null } | null;
  results: {
    name: string;
    input: string;
    expected: string | null;
    got: string | null;
    passed: boolean;
    message: string | null;
    line: number | null;
    column: number | null;
    console: string;
  }[];
  console: { text: string; truncated: boolean };
}

describe('checkModel and runVisibleTests: the API check pool (real sandbox children, PostgreSQL, Redis), no attempt and nothing stored', () => {
  let api: TestApi;
  let token: string;
  const softmaxReference = readFileSync(path.resolve('exercises/stable-softmax/reference.ts'), 'utf8');
  const softmaxStarter = readFileSync(path.resolve('exercises/stable-softmax/starter.ts'), 'utf8');

  const newToken = async () => (await signedInUser(api)).token;
  const check = async (code: string, language = 'TYPESCRIPT', exerciseSlug = 'cifar10-cnn', as = token) => {
    const res = await api.gql<{ checkModel: CheckResult }>(CHECK, { input: { exerciseSlug, language, code } }, as);
    expect(res.errors).toBeUndefined();
    return res.data!.checkModel;
  };
  const run = async (code: string, as = token) => {
    const res = await api.gql<{ runVisibleTests: RunResult }>(
      RUN,
      { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code } },
      as,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.runVisibleTests;
  };

  beforeAll(async () => {
    api = await startTestApi({ CHECKS_PER_MINUTE: '30', CHECK_POOL_SIZE: '1' });
    token = await newToken();
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it("summarises the guide's CNN layer by layer against the exercise budget, with what build() printed", async () => {
    const code = referenceCnn().replace(
      /export default function build\(([^)]*)\)[^{]*\{/,
      (head) => `${head}\n  console.log('building for', task.numClasses, 'classes');`,
    );
    expect(code).toContain("console.log('building for'");
    const result = await check(code);
    expect(result.error).toBeNull();
    expect(result.refusals).toEqual([]);
    expect(result.ok).toBe(true);
    const summary = result.summary!;
    expect(summary.totalParams).toBe(122_570);
    expect(summary.maxParams).toBe(250_000);
    expect(summary.withinParamBudget).toBe(true);
    expect(summary.layers.map((l) => [l.className, l.params])).toEqual([
      ['Conv2D', 896],
      ['MaxPooling2D', 0],
      ['Conv2D', 18_496],
      ['MaxPooling2D', 0],
      ['Conv2D', 36_928],
      ['Flatten', 0],
      ['Dense', 65_600],
      ['Dropout', 0],
      ['Dense', 650],
    ]);
    expect(JSON.parse(summary.layers[0]!.outputShape)).toEqual([null, 30, 30, 32]);
    expect(JSON.parse(summary.layers.at(-1)!.outputShape)).toEqual([null, 10]);
    expect(summary.epochs).toBeLessThanOrEqual(summary.maxEpochs);
    expect(summary.optimizer).toBe('adam');
    expect(result.console).toEqual({ text: 'building for 10 classes\n', truncated: false });
  }, 60_000);

  it('gives the exact error with its line and column, refusals with the summary of an over-budget model, and stores nothing', async () => {
    const broken = await check('export default function build(tf, task) {\n  const model = ;\n}');
    expect(broken.ok).toBe(false);
    expect(broken.error).toMatchObject({ code: 'COMPILE_ERROR', line: 2, column: 17 });
    expect(broken.summary).toBeNull();

    const throwing = await check(
      'export default function build(tf: any, task: any) {\n  console.log("about to fail");\n  return task.nothing.here;\n}',
    );
    expect(throwing.error).toMatchObject({ code: 'RUNTIME_ERROR', line: 3 });
    expect(throwing.error!.column).toBeGreaterThan(0);
    expect(throwing.console.text).toBe('about to fail\n');

    const huge = await check(
      [
        'export default function build(tf, task) {',
        '  const model = tf.sequential();',
        '  model.add(tf.layers.flatten({ inputShape: task.inputShape }));',
        '  model.add(tf.layers.dense({ units: 4096, activation: "relu" }));',
        '  model.add(tf.layers.dense({ units: task.numClasses, activation: "softmax" }));',
        '  return { model, compile: { optimizer: "adam", loss: "categoricalCrossentropy" }, fit: { epochs: 1, batchSize: 64 } };',
        '}',
      ].join('\n'),
      'JAVASCRIPT',
    );
    expect(huge.ok).toBe(false);
    expect(huge.error).toBeNull();
    expect(huge.refusals.map((r) => r.message).join('\n')).toMatch(/250,?000/);
    expect(huge.summary!.totalParams).toBe(3072 * 4096 + 4096 + 4096 * 10 + 10);
    expect(huge.summary!.withinParamBudget).toBe(false);

    const keras = await check('{"not": "a model"}', 'KERAS_JSON');
    expect(keras.ok).toBe(false);
    expect(keras.error?.code ?? keras.refusals.length).toBeTruthy();

    const counted = await api.gql<{ mySubmissionCount: number }>('{ mySubmissionCount }', {}, token);
    expect(counted.data!.mySubmissionCount).toBe(0);
  }, 60_000);

  it('runs only the visible tests of a coding exercise: input, expected, got, printed output, and the line of a runtime error', async () => {
    const starter = await run(`${softmaxStarter}\nconsole.log("module loaded");`);
    expect(starter.total).toBe(3);
    expect(starter.hiddenTestCount).toBeGreaterThanOrEqual(5);
    expect(starter.results.map((r) => r.name)).toEqual([
      'three small logits',
      'equal logits share the probability',
      'large logits',
    ]);
    expect(starter.results.map((r) => r.passed)).toEqual([true, true, false]);
    const large = starter.results[2]!;
    expect(JSON.parse(large.input)).toEqual([[1000, 1001, 1002]]);
    expect(JSON.parse(large.expected!)).toHaveLength(3);
    expect(large.got).toMatch(/NaN/);
    expect(large.message).toBeTruthy();
    expect(starter.console.text).toBe('module loaded\n');

    const noisy = await run(
      [
        'export default function softmax(logits: number[]): number[] {',
        '  console.log("logits", logits);',
        '  if (logits[0] === 1000) {',
        '    const broken: any = null;',
        '    return broken.values;',
        '  }',
        '  const m = Math.max(...logits);',
        '  const e = logits.map((x) => Math.exp(x - m));',
        '  const s = e.reduce((a, b) => a + b, 0);',
        '  return e.map((x) => x / s);',
        '}',
      ].join('\n'),
    );
    expect(noisy.passed).toBe(2);
    expect(noisy.results[0]!.console).toBe('logits [1,2,3]\n');
    expect(noisy.results[2]).toMatchObject({ passed: false, line: 5, got: null });
    expect(noisy.results[2]!.message).toMatch(/TypeError/);
    expect(noisy.console.text).toBe('logits [1,2,3]\nlogits [0.5,0.5,0.5,0.5]\nlogits [1000,1001,1002]\n');

    const right = await run(softmaxReference);
    expect(right.passed).toBe(3);
    expect(right.error).toBeNull();

    const compileError = await run('export default function softmax(logits: number[] {\n  return logits;\n}');
    expect(compileError.error).toMatchObject({ code: 'COMPILE_ERROR', line: 1 });
    expect(compileError.results.every((r) => !r.passed)).toBe(true);

    const counted = await api.gql<{ mySubmissionCount: number }>('{ mySubmissionCount }', {}, token);
    expect(counted.data!.mySubmissionCount).toBe(0);
  }, 60_000);

  it('refuses the wrong kind of exercise, a wrong language and bad input, naming the field', async () => {
    const onCoding = await api.gql(
      CHECK,
      { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: 'x' } },
      token,
    );
    expect(onCoding.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'exerciseSlug' });
    const onModel = await api.gql(
      RUN,
      { input: { exerciseSlug: 'cifar10-cnn', language: 'TYPESCRIPT', code: 'x' } },
      token,
    );
    expect(onModel.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'exerciseSlug' });
    const keras = await api.gql(
      RUN,
      { input: { exerciseSlug: 'stable-softmax', language: 'KERAS_JSON', code: '{}' } },
      token,
    );
    expect(keras.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
    const empty = await api.gql(
      RUN,
      { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: '' } },
      token,
    );
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    const unknown = await api.gql(
      CHECK,
      { input: { exerciseSlug: 'no-such-thing', language: 'TYPESCRIPT', code: 'x' } },
      token,
    );
    expect(unknown.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const anonymous = await api.gql(RUN, {
      input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: 'x' },
    });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  }, 30_000);

  it('limits checks per account per minute with RATE_LIMITED and retryAfterSeconds, without touching other accounts', async () => {
    const busy = await newToken();
    let refused: { message: string; extensions?: Record<string, unknown> } | undefined;
    // A fixed one-minute window: within any two windows, at most 2 × 30 calls pass.
    for (let i = 0; i < 61 && !refused; i++) {
      const res = await api.gql(
        RUN,
        { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: 'export default (' } },
        busy,
      );
      refused = res.errors?.[0];
    }
    expect(refused).toBeDefined();
    expect(refused!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 30 });
    expect(refused!.extensions!.retryAfterSeconds).toEqual(expect.any(Number));
    expect(refused!.extensions!.retryAfterSeconds as number).toBeGreaterThanOrEqual(1);
    expect(refused!.extensions!.retryAfterSeconds as number).toBeLessThanOrEqual(60);
    expect(refused!.message).toMatch(/30 checks/);
    const other = await run(softmaxReference, await newToken());
    expect(other.passed).toBe(3);
  }, 60_000);
});
