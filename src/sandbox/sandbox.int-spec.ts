/** The sandbox builds models: parameter counts, the task, compile and runtime errors. Hostile submissions: sandbox-hostile.spec.ts. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SandboxPool } from './sandbox.js';
import type { ModelTask } from './sandbox.types.js';
import { countParamsNormally, expectFailure, expectSuccess, js, poolHelpers } from './testing/sandbox-spec-helpers.js';
import {
  CIFAR10_TASK,
  FUNCTIONAL_BIGRU_JS,
  GUIDE_CNN_KERAS_JSON,
  GUIDE_CNN_KERAS_TOPOLOGY,
  GUIDE_CNN_TS,
  GUIDE_LSTM_JS,
  IMDB_TASK,
} from './testing/submissions.js';

const pool = new SandboxPool({ limits: { cpuMs: 2_000, wallMs: 5_000 } });
const { build } = poolHelpers(pool);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await pool.warmUp();
});
afterAll(() => pool.close());

describe('building models in the sandbox', () => {
  it("builds the guide's CNN from TypeScript, counting its parameters without allocating weights", async () => {
    const outcome = expectSuccess(await pool.build({ language: 'TYPESCRIPT', code: GUIDE_CNN_TS, task: CIFAR10_TASK }));
    expect(outcome.params.total).toBe(122_570);
    expect(outcome.params.layers.map((l) => [l.className, l.params])).toEqual([
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
    expect(outcome.params.total).toBe(await countParamsNormally(outcome.topology));
    expect(outcome.inputShapes).toEqual([[null, 32, 32, 3]]);
    expect(outcome.outputShapes).toEqual([[null, 10]]);
    expect(outcome.plan).toEqual({
      compile: {
        optimizer: { name: 'adam', learningRate: 0.001 },
        loss: 'sparseCategoricalCrossentropy',
        metrics: ['accuracy'],
      },
      fit: { epochs: 2, batchSize: 64, validationSplit: 0.1 },
    });
  });

  it("builds the guide's LSTM from async JavaScript with the exact parameter count", async () => {
    const outcome = expectSuccess(await pool.build({ language: 'JAVASCRIPT', code: GUIDE_LSTM_JS, task: IMDB_TASK }));
    expect(outcome.params.layers.map((l) => [l.className, l.params])).toEqual([
      ['Embedding', 1_280_000],
      ['LSTM', 49_408],
      ['Dense', 65],
    ]);
    expect(outcome.params.total).toBe(1_329_473);
    expect(outcome.params.total).toBe(await countParamsNormally(outcome.topology));
    expect(outcome.inputShapes).toEqual([[null, 500]]);
  });

  it('builds a functional model with a Bidirectional GRU written as CommonJS', async () => {
    const outcome = expectSuccess(
      await pool.build({ language: 'JAVASCRIPT', code: FUNCTIONAL_BIGRU_JS, task: IMDB_TASK }),
    );
    expect(outcome.params.layers.map((l) => l.className)).toEqual([
      'InputLayer',
      'Embedding',
      'Bidirectional',
      'Dense',
    ]);
    expect(outcome.params.total).toBe(await countParamsNormally(outcome.topology));
  });

  it('reads a Keras 2 to_json() topology (KERAS_JSON) into the same checks', async () => {
    const outcome = expectSuccess(
      await pool.build({ language: 'KERAS_JSON', code: GUIDE_CNN_KERAS_JSON, task: CIFAR10_TASK }),
    );
    expect(outcome.params.total).toBe(122_570);
    expect(outcome.params.total).toBe(await countParamsNormally(GUIDE_CNN_KERAS_TOPOLOGY));
    // The normalised topology that training will load describes the same model.
    expect(await countParamsNormally(outcome.topology)).toBe(122_570);
    expect(outcome.params.layers.map((l) => l.name)).toContain('conv2d_2');
    expect(outcome.plan.fit).toEqual({ epochs: 2, batch_size: 64, validation_split: 0.1 });
  });

  it('accepts the Keras topology as an object too, not only as a string', async () => {
    const code = JSON.stringify({
      model: GUIDE_CNN_KERAS_TOPOLOGY,
      compile: { optimizer: 'adam', loss: 'categorical_crossentropy' },
      fit: { epochs: 1 },
    });
    expect(expectSuccess(await pool.build({ language: 'KERAS_JSON', code, task: CIFAR10_TASK })).params.total).toBe(
      122_570,
    );
  });

  it('refuses an option tfjs does not implement instead of dropping it silently, naming it', async () => {
    const topology = structuredClone(GUIDE_CNN_KERAS_TOPOLOGY);
    (topology.config.layers[1].config as Record<string, unknown>).smuggled = { pretrained: [0.1, 0.2, 0.3] };
    const code = JSON.stringify({
      model: topology,
      compile: { optimizer: 'adam', loss: 'categorical_crossentropy' },
      fit: { epochs: 1 },
    });
    const message = expectFailure(
      await pool.build({ language: 'KERAS_JSON', code, task: CIFAR10_TASK }),
      'INVALID_MODEL',
    );
    expect(message).toMatch(/^layers\[1\] \(conv2d\)\.config\.smuggled: the Conv2D option "smuggled"/);
  });

  it('refuses initial weights written into a layer config', async () => {
    const topology = structuredClone(GUIDE_CNN_KERAS_TOPOLOGY);
    (topology.config.layers[9].config as Record<string, unknown>).weights = [
      Array.from({ length: 64 }, () => Array(10).fill(0.5)),
      Array(10).fill(0),
    ];
    const code = JSON.stringify({
      model: topology,
      compile: { optimizer: 'adam', loss: 'categorical_crossentropy' },
      fit: { epochs: 1 },
    });
    expectFailure(await pool.build({ language: 'KERAS_JSON', code, task: CIFAR10_TASK }), 'INVALID_MODEL');
  });

  it('gives the candidate the task description and nothing else', async () => {
    const task: ModelTask = { ...IMDB_TASK };
    const outcome = await pool.build({
      language: 'JAVASCRIPT',
      code: js('throw new Error(JSON.stringify(task));'),
      task,
    });
    expect(expectFailure(outcome, 'RUNTIME_ERROR')).toContain(JSON.stringify(task));
  });

  it('refuses code that does not compile, naming the line', async () => {
    const message = expectFailure(
      await pool.build({
        language: 'TYPESCRIPT',
        code: 'export default function build(tf) {\n  const x = ;\n}',
        task: CIFAR10_TASK,
      }),
      'COMPILE_ERROR',
    );
    expect(message).toMatch(/line 2/);
    const outcome = await pool.build({
      language: 'TYPESCRIPT',
      code: 'export default function build(tf) {\n  const x = ;\n}',
      task: CIFAR10_TASK,
    });
    expect(outcome).toMatchObject({ ok: false, code: 'COMPILE_ERROR', line: 2, column: 13 });
  });

  it('reports a runtime error with its message and line', async () => {
    const message = expectFailure(
      await build('export default function build(tf, task) {\n\n  throw new RangeError("no model today");\n}'),
      'RUNTIME_ERROR',
    );
    expect(message).toContain('RangeError: no model today');
    expect(message).toContain('(near line 3, column 9)');
  });

  it('gives the line and column of a runtime error in TypeScript, mapped back through the source map', async () => {
    // Type annotations and an interface vanish in the transpiled code, so its lines and columns differ from these.
    const code = [
      'interface Shape { units: number }',
      'const spec: Shape = { units: 10 };',
      'export default function build(tf: any, task: { numClasses: number }): unknown {',
      '  const n: number = task.numClasses;',
      '  if (n > 0) { const missing: any = undefined; return missing.model.layers; }',
      '  return spec;',
      '}',
    ].join('\n');
    const outcome = await pool.build({ language: 'TYPESCRIPT', code, task: CIFAR10_TASK });
    expect(outcome).toMatchObject({ ok: false, code: 'RUNTIME_ERROR', line: 5 });
    expect(!outcome.ok && outcome.column).toBe(code.split('\n')[4]!.indexOf('missing.model') + 9);
  });

  it('captures what build() printed, on success and before a failure, and cuts it at the limit with a note', async () => {
    const ok = expectSuccess(
      await build(
        'export default function build(tf, task) {\n  console.log("classes", task.numClasses, { a: [1, 2] });\n  console.warn("careful");\n' +
          '  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 10, inputShape: [4] }));\n' +
          '  return { model, compile: { optimizer: "adam", loss: "categoricalCrossentropy" }, fit: { epochs: 1, batchSize: 32 } };\n}',
      ),
    );
    expect(ok.console).toEqual({ text: 'classes 10 {"a":[1,2]}\nwarn: careful\n', truncated: false });

    const failed = await build(
      'export default function build() {\n  console.log("before");\n  throw new Error("boom");\n}',
    );
    expect(failed).toMatchObject({ ok: false, code: 'RUNTIME_ERROR', console: { text: 'before\n', truncated: false } });

    const small = new SandboxPool({ limits: { consoleMaxLines: 3, consoleMaxBytes: 1000 } });
    try {
      const flood = await small.build({
        language: 'JAVASCRIPT',
        code: js('for (let i = 0; i < 100000; i++) console.log("line " + i);'),
        task: CIFAR10_TASK,
      });
      expect(flood.ok).toBe(false);
      expect(!flood.ok && flood.code).toBe('BAD_RETURN');
      const text = (!flood.ok && flood.console?.text) || '';
      expect(text.split('\n').slice(0, 3)).toEqual(['line 0', 'line 1', 'line 2']);
      expect(text).toMatch(/output cut here: the code printed more than 3 lines or 1 KB, the limit\.\n$/);
      expect(!flood.ok && flood.console?.truncated).toBe(true);
    } finally {
      await small.close();
    }
  });
});
