import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SandboxPool } from '../../sandbox/sandbox.js';
import type { SubmissionLanguage } from '../../sandbox/sandbox.types.js';
import {
  CIFAR10_TASK,
  GUIDE_CNN_KERAS_TOPOLOGY,
  GUIDE_CNN_TS,
  denseModelJs,
} from '../../sandbox/testing/submissions.js';
import type { ModelBudget } from './model-validation.js';
import { prepareSubmission } from './prepare-submission.js';

const BUDGET: ModelBudget = { maxParams: 500_000, maxEpochs: 5, maxBatchSize: 256, wallClockSeconds: 900 };
const pool = new SandboxPool({ limits: { cpuMs: 1_000, wallMs: 1_500 } });

beforeAll(() => pool.warmUp());
afterAll(() => pool.close());

const body = (code: string) => `export default async function build(tf, task) {\n${code}\n}`;
const lambdaTopology = structuredClone(GUIDE_CNN_KERAS_TOPOLOGY);
(lambdaTopology.config.layers as object[]).splice(6, 0, {
  class_name: 'Lambda',
  config: { name: 'lambda', function: ['x', null, null] },
});

/** [what, language, code, stage, code] */
const HOSTILE: [string, SubmissionLanguage, string, 'sandbox' | 'validate', string][] = [
  ['an infinite loop', 'JAVASCRIPT', body('for (;;) {}'), 'sandbox', 'TIMEOUT'],
  [
    'a heap memory bomb',
    'JAVASCRIPT',
    body('const a = []; for (;;) a.push(new Array(1e6).fill(1));'),
    'sandbox',
    'MEMORY_LIMIT',
  ],
  [
    'an ArrayBuffer memory bomb',
    'JAVASCRIPT',
    body('const a = []; for (;;) a.push(new ArrayBuffer(32 * 1024 * 1024));'),
    'sandbox',
    'MEMORY_LIMIT',
  ],
  [
    'process through a constructor',
    'JAVASCRIPT',
    body("return this.constructor.constructor('return process')().mainModule.require('fs');"),
    'sandbox',
    'RUNTIME_ERROR',
  ],
  [
    'require through Function',
    'JAVASCRIPT',
    body("return Function('return this')().require('child_process');"),
    'sandbox',
    'RUNTIME_ERROR',
  ],
  ['a never-resolving promise', 'JAVASCRIPT', body('await new Promise(() => {});'), 'sandbox', 'TIMEOUT'],
  ['a 10^9-parameter model', 'JAVASCRIPT', denseModelJs(325_521), 'validate', 'MODEL_REFUSED'],
  [
    'a 50 MB topology',
    'JAVASCRIPT',
    body(
      "const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [4] })] }); const s = 'x'.repeat(1 << 20); model.toJSON = () => ({ class_name: 'Sequential', config: { layers: Array(50).fill({ class_name: 'Dense', config: { name: s } }) } }); return { model };",
    ),
    'sandbox',
    'OUTPUT_TOO_LARGE',
  ],
  ['a non-model return value', 'JAVASCRIPT', body("return { model: 'a very good model' };"), 'sandbox', 'BAD_RETURN'],
  [
    'a Lambda layer',
    'KERAS_JSON',
    JSON.stringify({
      model: lambdaTopology,
      compile: { optimizer: 'adam', loss: 'categorical_crossentropy' },
      fit: { epochs: 1 },
    }),
    'sandbox',
    'INVALID_MODEL',
  ],
  [
    'a layer class off the allow-list',
    'JAVASCRIPT',
    body(
      "const m = tf.sequential(); m.add(tf.layers.flatten({ inputShape: task.inputShape })); m.add(tf.layers.gaussianNoise({ stddev: 0.1 })); m.add(tf.layers.dense({ units: 10, activation: 'softmax' })); return { model: m, compile: { optimizer: 'adam', loss: 'categoricalCrossentropy' }, fit: { epochs: 1 } };",
    ),
    'validate',
    'MODEL_REFUSED',
  ],
  [
    'a NUL character in a key of the fit plan (PostgreSQL cannot store it)',
    'JAVASCRIPT',
    body(
      "const m = tf.sequential(); m.add(tf.layers.flatten({ inputShape: task.inputShape })); m.add(tf.layers.dense({ units: 10, activation: 'softmax' })); return { model: m, compile: { optimizer: 'adam', loss: 'categoricalCrossentropy' }, fit: { epochs: 1, ['x\\u0000']: 1 } };",
    ),
    'validate',
    'MODEL_REFUSED',
  ],
  [
    'a NUL character in the optimizer name, which a refusal would quote',
    'JAVASCRIPT',
    body(
      "const m = tf.sequential(); m.add(tf.layers.flatten({ inputShape: task.inputShape })); m.add(tf.layers.dense({ units: 10, activation: 'softmax' })); return { model: m, compile: { optimizer: 'ad\\u0000am', loss: 'categoricalCrossentropy' }, fit: { epochs: 1 } };",
    ),
    'validate',
    'MODEL_REFUSED',
  ],
  [
    'reading the test labels with require',
    'JAVASCRIPT',
    body("return require('fs').readFileSync('.data/cifar10/test_batch.bin');"),
    'sandbox',
    'RUNTIME_ERROR',
  ],
  [
    'reading the test labels with an import',
    'TYPESCRIPT',
    "import * as fs from 'fs';\nexport default function build() { return fs.readFileSync('.data/cifar10/test_batch.bin'); }",
    'sandbox',
    'RUNTIME_ERROR',
  ],
  [
    'reading the test labels with fetch',
    'JAVASCRIPT',
    body("return await (await fetch('file:///data/test_lables.json')).json();"),
    'sandbox',
    'RUNTIME_ERROR',
  ],
];

describe('hostile submissions through the sandbox and the validator', () => {
  it.each(HOSTILE)(
    '%s ends in a clear candidate error, and the next submission is served',
    async (_what, language, code, stage, errorCode) => {
      const hostile = await prepareSubmission({ language, code, task: CIFAR10_TASK }, BUDGET, pool);
      expect(hostile).toMatchObject({ ok: false, stage, code: errorCode, retryable: false });
      if (!hostile.ok) {
        expect(hostile.message.length).toBeGreaterThan(10);
        expect(hostile.message).not.toMatch(/\/work\/|node_modules|\n\s+at /);
        expect(hostile.message).not.toContain('\u0000');
      }
      const next = await prepareSubmission(
        { language: 'TYPESCRIPT', code: GUIDE_CNN_TS, task: CIFAR10_TASK },
        BUDGET,
        pool,
      );
      expect(next.ok && next.plan.params.total).toBe(122_570);
    },
  );

  it('marks a crashed sandbox as retryable, not as the candidate’s error', async () => {
    const pending = prepareSubmission(
      {
        language: 'JAVASCRIPT',
        code: body('await new Promise(() => {});'),
        task: CIFAR10_TASK,
        limits: { wallMs: 20_000 },
      },
      BUDGET,
      pool,
    );
    await new Promise((r) => setTimeout(r, 300));
    for (const pid of pool.childPids()) process.kill(pid, 'SIGKILL');
    expect(await pending).toMatchObject({ ok: false, stage: 'sandbox', code: 'SANDBOX_CRASHED', retryable: true });
  });
});
