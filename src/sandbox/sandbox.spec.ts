import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { SandboxPool } from './sandbox.js';
import type { ModelTask, SandboxOutcome, SandboxRequest, SandboxSuccess } from './sandbox.types.js';
import {
  CIFAR10_TASK,
  FUNCTIONAL_BIGRU_JS,
  GUIDE_CNN_KERAS_JSON,
  GUIDE_CNN_KERAS_TOPOLOGY,
  GUIDE_CNN_TS,
  GUIDE_LSTM_JS,
  IMDB_TASK,
  denseModelJs,
} from './testing/submissions.js';

const pool = new SandboxPool({ limits: { cpuMs: 2_000, wallMs: 5_000 } });

beforeAll(async () => {
  await tf.setBackend('cpu');
  await pool.warmUp();
});
afterAll(() => pool.close());

function js(body: string): string {
  return `export default async function build(tf, task) {\n${body}\n}`;
}

async function build(code: string, extra: Partial<SandboxRequest> = {}): Promise<SandboxOutcome> {
  return pool.build({ language: 'JAVASCRIPT', code, task: CIFAR10_TASK, ...extra });
}

function expectSuccess(outcome: SandboxOutcome): SandboxSuccess {
  if (!outcome.ok) throw new Error(`expected a model, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

function expectFailure(outcome: SandboxOutcome, code: string): string {
  if (outcome.ok) throw new Error(`expected ${code}, got a model`);
  expect(outcome.code).toBe(code);
  // Messages are for candidates: no host paths or host stack frames.
  expect(outcome.message).not.toMatch(/\/work\/|node_modules|\n\s+at /);
  return outcome.message;
}

/** After every hostile submission the same pool must still build a normal model. */
async function expectStillServes(): Promise<void> {
  const outcome = await build(denseModelJs(16));
  expect(expectSuccess(outcome).params.total).toBe(3072 * 16 + 16 + 16 * 10 + 10);
}

/** Parameters of the same topology built normally (real weights) on the host, by tfjs. */
async function countParamsNormally(topology: object): Promise<number> {
  // Re-create the JSON in this realm: Jest runs tests in a vm context, and tfjs's
  // instanceof checks fail on objects that arrived over IPC in the outer realm.
  // Initializers do not change the count; zeros keeps this fast (no orthogonal matrices).
  const copy = JSON.parse(JSON.stringify(topology), (key, value) =>
    key.endsWith('_initializer') && value ? { class_name: 'Zeros', config: {} } : value,
  );
  const model = await tfl.models.modelFromJSON(copy as never);
  const n = model.countParams();
  model.dispose();
  return n;
}

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

  it("hands training tfjs's own re-serialisation of the topology, without keys tfjs does not know", async () => {
    const topology = structuredClone(GUIDE_CNN_KERAS_TOPOLOGY);
    (topology.config.layers[1].config as Record<string, unknown>).smuggled = { pretrained: [0.1, 0.2, 0.3] };
    const code = JSON.stringify({
      model: topology,
      compile: { optimizer: 'adam', loss: 'categorical_crossentropy' },
      fit: { epochs: 1 },
    });
    const outcome = expectSuccess(await pool.build({ language: 'KERAS_JSON', code, task: CIFAR10_TASK }));
    expect(JSON.stringify(outcome.topology)).not.toContain('smuggled');
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
  });

  it('reports a runtime error with its message and line', async () => {
    const message = expectFailure(
      await build('export default function build(tf, task) {\n\n  throw new RangeError("no model today");\n}'),
      'RUNTIME_ERROR',
    );
    expect(message).toContain('RangeError: no model today');
    expect(message).toContain('(near line 3)');
  });
});

describe('hostile submissions end in a clear error and the sandbox keeps serving', () => {
  it('stops an infinite loop at the CPU-time limit', async () => {
    const message = expectFailure(await build(js('while (true) {}')), 'TIMEOUT');
    expect(message).toMatch(/more than 2 s of CPU time/);
    await expectStillServes();
  });

  it('stops an infinite loop that starts after an await', async () => {
    expectFailure(await build(js('await null; for (;;) { Math.sqrt(2); }')), 'TIMEOUT');
    await expectStillServes();
  });

  it('stops a heap memory bomb at the memory limit', async () => {
    const message = expectFailure(
      await build(js('const hoard = []; for (let i = 0; ; i++) hoard.push(new Array(1e6).fill(i));')),
      'MEMORY_LIMIT',
    );
    expect(message).toMatch(/more than 128 MB of memory/);
    await expectStillServes();
  });

  it('stops a bomb of small objects at the memory limit or the CPU limit, whichever comes first', async () => {
    // Near its heap limit V8 collects garbage again and again, so this one may run out of
    // CPU time before it runs out of memory.
    const outcome = await build(
      js('const hoard = []; for (let i = 0; ; i++) hoard.push({ i, s: "x".repeat(64) + i });'),
    );
    expect(['MEMORY_LIMIT', 'TIMEOUT']).toContain(outcome.ok ? 'ok' : outcome.code);
    await expectStillServes();
  });

  it("answers MEMORY_LIMIT when one huge string takes the isolate past V8's own heap limit", async () => {
    // A single 50 MB layer name: V8 aborts the whole child process (isolated-vm cannot
    // catch this out-of-memory); the parent reads that from the child's stderr.
    const message = expectFailure(
      await build(
        js(`
          const model = tf.sequential();
          model.add(tf.layers.flatten({ inputShape: task.inputShape }));
          model.add(tf.layers.dense({ units: 10, activation: 'softmax', name: 'a'.repeat(50 * 1024 * 1024) }));
          return { model, compile: { optimizer: 'adam', loss: 'categoricalCrossentropy' }, fit: { epochs: 1, batchSize: 32 } };
        `),
      ),
      'MEMORY_LIMIT',
    );
    expect(message).toMatch(/more than 128 MB of memory/);
    await expectStillServes();
  });

  it('stops an ArrayBuffer memory bomb at the memory limit', async () => {
    expectFailure(
      await build(js('const hoard = []; for (;;) hoard.push(new Float64Array(4 * 1024 * 1024));')),
      'MEMORY_LIMIT',
    );
    await expectStillServes();
  });

  it('stops a tensor allocation far over the memory limit', async () => {
    expectFailure(await build(js('const big = tf.ones([50000, 10000]); return { model: big };')), 'MEMORY_LIMIT');
    await expectStillServes();
  });

  it('honours a smaller memory limit given with the request', async () => {
    const message = expectFailure(
      await build(js('const hoard = []; for (;;) hoard.push(new Float64Array(1024 * 1024));'), {
        limits: { memoryMb: 64 },
      }),
      'MEMORY_LIMIT',
    );
    expect(message).toMatch(/more than 64 MB/);
    await expectStillServes();
  });

  it('finds no process, require or host object through constructors', async () => {
    const probe = js(`
      const found = [];
      const viaConstructor = ({}).constructor.constructor('return this')();
      const viaFunction = Function('return this')();
      const viaThis = (function () { return this; }).call(undefined);
      for (const g of [viaConstructor, viaFunction, globalThis]) {
        for (const name of ['process', 'require', 'module', 'Buffer', 'fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', '_ivm', 'ivm', 'global']) {
          if (typeof g[name] !== 'undefined') found.push(name);
        }
      }
      let p;
      try { p = ({}).constructor.constructor('return process')(); } catch (e) { p = e.name; }
      throw new Error('found: [' + found.join(',') + '] process: ' + p + ' this: ' + typeof viaThis);
    `);
    const message = expectFailure(await build(probe), 'RUNTIME_ERROR');
    expect(message).toContain('found: [] process: ReferenceError this: undefined');
    await expectStillServes();
  });

  it('gives nothing to code that calls process.exit through a constructor', async () => {
    const message = expectFailure(
      await build(js("this.constructor.constructor('return process')().exit(1);")),
      'RUNTIME_ERROR',
    );
    expect(message).toMatch(/TypeError|ReferenceError/);
    await expectStillServes();
  });

  it('stops a promise that never settles at the wall-clock limit', async () => {
    const message = expectFailure(
      await build(js('await new Promise(() => {});'), { limits: { wallMs: 1_000 } }),
      'TIMEOUT',
    );
    expect(message).toMatch(/did not finish within 1 s/);
    await expectStillServes();
  });

  it('refuses a 10^9-parameter model from its topology alone, within the memory limit', async () => {
    // 3,072 × 325,521 weights: 1.0e9 parameters, 4 GB as float32, built in a 128 MB isolate.
    const outcome = expectSuccess(await build(denseModelJs(325_521)));
    expect(outcome.params.total).toBeGreaterThanOrEqual(1e9);
    expect(outcome.params.total).toBe(3072 * 325_521 + 325_521 + 325_521 * 10 + 10);
    await expectStillServes();
  });

  it('refuses a 50 MB topology by its size', async () => {
    // One 1 MB string referenced 50 times: about 50 MB of topology JSON from 1 MB of heap.
    const message = expectFailure(
      await build(
        js(`
          const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [4] })] });
          const big = 'x'.repeat(1024 * 1024);
          const layers = Array.from({ length: 50 }, () => ({ class_name: 'Dense', config: { name: big, units: 10 } }));
          model.toJSON = () => ({ class_name: 'Sequential', config: { name: 'huge', layers } });
          return { model, compile: { optimizer: 'adam', loss: 'categoricalCrossentropy' }, fit: { epochs: 1, batchSize: 32 } };
        `),
      ),
      'OUTPUT_TOO_LARGE',
    );
    expect(message).toMatch(/more than 2\.0 MB of JSON/);
    await expectStillServes();
  });

  it('refuses an oversized training plan by its size', async () => {
    expectFailure(
      await build(
        js(
          "const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [4] })] }); return { model, fit: { note: 'x'.repeat(3e6) } };",
        ),
      ),
      'OUTPUT_TOO_LARGE',
    );
    await expectStillServes();
  });

  it('refuses a KERAS_JSON submission over the size limit', async () => {
    const code = JSON.stringify({ model: GUIDE_CNN_KERAS_TOPOLOGY, padding: 'x'.repeat(3 * 1024 * 1024) });
    expect(
      expectFailure(await pool.build({ language: 'KERAS_JSON', code, task: CIFAR10_TASK }), 'COMPILE_ERROR'),
    ).toMatch(/larger than 2\.0 MB/);
  });

  it('refuses source code over 256 KB before compiling it', async () => {
    const code = `${denseModelJs(4)}\n// ${'x'.repeat(300 * 1024)}`;
    expect(expectFailure(await build(code), 'COMPILE_ERROR')).toMatch(/larger than 256 KB, the limit/);
  });

  it('refuses return values that are not a model', async () => {
    expect(expectFailure(await build(js('return 42;')), 'BAD_RETURN')).toMatch(
      /must return an object \{ model, compile, fit \}/,
    );
    expect(
      expectFailure(await build(js('return { model: { layers: [] }, compile: {}, fit: {} };')), 'BAD_RETURN'),
    ).toMatch(/not a tfjs model/);
    expect(expectFailure(await build('export const x = 1;'), 'BAD_RETURN')).toMatch(/export default function build/);
    await expectStillServes();
  });

  it('refuses a Lambda layer in a Keras topology', async () => {
    const topology = structuredClone(GUIDE_CNN_KERAS_TOPOLOGY);
    topology.config.layers.splice(7, 0, {
      class_name: 'Lambda',
      config: {
        name: 'lambda',
        trainable: true,
        dtype: 'float32',
        function: ['4wEAAAAAAAAA', null, null],
        function_type: 'lambda',
      },
    } as never);
    const code = JSON.stringify({
      model: topology,
      compile: { optimizer: 'adam', loss: 'categorical_crossentropy' },
      fit: { epochs: 1 },
    });
    const message = expectFailure(
      await pool.build({ language: 'KERAS_JSON', code, task: CIFAR10_TASK }),
      'INVALID_MODEL',
    );
    expect(message).toMatch(/"Lambda".*custom layers/);
    await expectStillServes();
  });

  it('refuses a custom layer class registered by the candidate', async () => {
    const code = js(`
      class Sneaky extends tf.layers.Layer {
        static className = 'Sneaky';
        call(x) { return x; }
      }
      tf.serialization.registerClass(Sneaky);
      const model = tf.sequential();
      model.add(tf.layers.flatten({ inputShape: task.inputShape }));
      model.add(new Sneaky({}));
      model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      return { model, compile: { optimizer: 'adam', loss: 'categoricalCrossentropy' }, fit: { epochs: 1 } };
    `);
    expect(expectFailure(await build(code), 'INVALID_MODEL')).toMatch(/"Sneaky"/);
    await expectStillServes();
  });

  it('cannot lie about parameter counts: they are recomputed without the candidate code', async () => {
    const code = js(`
      tf.LayersModel.prototype.countParams = () => 1;
      tf.layers.Layer.prototype.countParams = () => 1;
      return { model: tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [100], activation: 'softmax' })] }), compile: {}, fit: {} };
    `);
    expect(expectSuccess(await build(code)).params.total).toBe(1010);
  });

  it.each([
    [
      'an import',
      "import { readFileSync } from 'fs';\nexport default function build() { return readFileSync('/data/test_labels.json'); }",
      /Imports are not available.*"fs"/,
    ],
    [
      'require',
      "export default function build() { return require('fs').readFileSync('/data/test_labels.json'); }",
      /Imports are not available.*"fs"/,
    ],
    [
      'a dynamic import',
      "export default async function build() { const fs = await import('node:fs'); return fs.readFileSync('x'); }",
      /Imports are not available.*"node:fs"/,
    ],
    [
      'fetch',
      "export default async function build() { return (await fetch('http://127.0.0.1/labels')).json(); }",
      /fetch is not defined/,
    ],
    ['process.binding', "export default function build() { return process.binding('fs'); }", /process is not defined/],
  ])('cannot read the test labels through %s', async (_what, code, pattern) => {
    expect(expectFailure(await build(code), 'RUNTIME_ERROR')).toMatch(pattern);
    await expectStillServes();
  });

  it("keeps the worker's environment variables out of the child process", async () => {
    process.env.SANDBOX_SPEC_SECRET = 'do-not-leak';
    try {
      const probe = new SandboxPool();
      try {
        await probe.warmUp();
        const [pid] = probe.childPids();
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        expect(environ).not.toContain('do-not-leak');
        // NODE_CHANNEL_* are node's own IPC set-up.
        const names = environ
          .split('\0')
          .filter(Boolean)
          .map((kv) => kv.split('=')[0]);
        expect(names.filter((n) => !n.startsWith('NODE_CHANNEL_'))).toEqual(['NODE_ENV']);
      } finally {
        await probe.close();
      }
    } finally {
      delete process.env.SANDBOX_SPEC_SECRET;
    }
  });

  it('answers SANDBOX_CRASHED when the child process dies mid-build, then starts a new one', async () => {
    const pending = build(js('await new Promise(() => {});'), { limits: { wallMs: 20_000 } });
    await new Promise((r) => setTimeout(r, 300));
    const [pid] = pool.childPids();
    process.kill(pid, 'SIGKILL');
    expectFailure(await pending, 'SANDBOX_CRASHED');
    await expectStillServes();
    expect(pool.childPids()).not.toContain(pid);
  });

  it('keeps serving other submissions on a second child while one is stuck in a loop', async () => {
    const two = new SandboxPool({ size: 2, limits: { cpuMs: 3_000 } });
    try {
      await two.warmUp();
      const settled: string[] = [];
      const looping = two.build({ language: 'JAVASCRIPT', code: js('for (;;) {}'), task: CIFAR10_TASK }).then((o) => {
        settled.push('loop');
        return o;
      });
      const normal = await two.build({ language: 'JAVASCRIPT', code: denseModelJs(8), task: CIFAR10_TASK });
      settled.push('normal');
      expect(expectSuccess(normal).params.total).toBeGreaterThan(0);
      expectFailure(await looping, 'TIMEOUT');
      expect(settled).toEqual(['normal', 'loop']);
    } finally {
      await two.close();
    }
  });

  it('kills a child that stops answering, and answers TIMEOUT', async () => {
    const stuck = new SandboxPool({ limits: { wallMs: 500 }, killGraceMs: 500 });
    try {
      await stuck.warmUp();
      const [pid] = stuck.childPids();
      process.kill(pid, 'SIGSTOP');
      const message = expectFailure(
        await stuck.build({ language: 'JAVASCRIPT', code: denseModelJs(4), task: CIFAR10_TASK }),
        'TIMEOUT',
      );
      expect(message).toMatch(/within 0\.5 s/);
      // A new child serves the next request (with room to spare on a busy machine).
      const next = await stuck.build({
        language: 'JAVASCRIPT',
        code: denseModelJs(4),
        task: CIFAR10_TASK,
        limits: { wallMs: 5_000 },
      });
      expect(expectSuccess(next).params.total).toBeGreaterThan(0);
    } finally {
      await stuck.close();
    }
  });
});
