/** Hostile submissions at the sandbox level: each ends in a clear error, and the pool keeps serving. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SandboxPool } from './sandbox.js';
import { expectFailure, expectSuccess, js, poolHelpers } from './testing/sandbox-spec-helpers.js';
import { CIFAR10_TASK, GUIDE_CNN_KERAS_TOPOLOGY, denseModelJs } from './testing/submissions.js';

const pool = new SandboxPool({ limits: { cpuMs: 2_000, wallMs: 5_000 } });
const { build, expectStillServes } = poolHelpers(pool);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await pool.warmUp();
});
afterAll(() => pool.close());

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
    // A layer kind the fixture's own layers never have, so the array is widened for the insert.
    (topology.config.layers as object[]).splice(7, 0, {
      class_name: 'Lambda',
      config: {
        name: 'lambda',
        trainable: true,
        dtype: 'float32',
        function: ['4wEAAAAAAAAA', null, null],
        function_type: 'lambda',
      },
    });
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

  it('lets a process with nothing else to do await close() to the end (it used to exit 13 first)', () => {
    // The children are unref'd while idle; close() must hold the process open until they are gone.
    const script = [
      `const { SandboxPool } = await import(${JSON.stringify(join(process.cwd(), 'src/sandbox/sandbox.ts'))});`,
      'const pool = new SandboxPool();',
      'await pool.warmUp();',
      'await pool.close();',
      "process.stdout.write('closed');",
    ].join('\n');
    const out = execFileSync(
      process.execPath,
      ['--no-node-snapshot', '--import', 'tsx', '--input-type=module', '--eval', script],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    expect(out).toBe('closed');
  });
});
