/**
 * Sandbox timings: `npm run bench:sandbox`.
 *
 * Prints, on this machine:
 *  - loading tfjs into a fresh isolate: compiled from source, and from V8's code cache;
 *  - what a V8 snapshot (ivm.Isolate.createSnapshot) of the same bundles costs, and whether
 *    models can be built from it (with isolated-vm 5.0.4 on Node 20 they cannot);
 *  - the pool: child start-up until ready, a cold build of the guide's CNN (first request of
 *    a new child) and warm builds (median, p95) of the
 *    CNN, the LSTM, a Keras JSON topology and a 10^9-parameter model.
 * Must run with node --no-node-snapshot (isolated-vm needs it).
 */
import ivm from 'isolated-vm';
import { SandboxPool } from '../src/sandbox/sandbox.js';
import { loadScripts, prepareIsolate } from '../src/sandbox/child/isolates.js';
import type { SandboxRequest } from '../src/sandbox/sandbox.types.js';
import {
  CIFAR10_TASK,
  GUIDE_CNN_KERAS_JSON,
  GUIDE_CNN_TS,
  GUIDE_LSTM_JS,
  IMDB_TASK,
  denseModelJs,
} from '../src/sandbox/testing/submissions.js';

const BUILD_CNN = `(() => {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [32, 32, 3] }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model.countParams();
})()`;

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (n=${samples.length})`;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

async function isolateLoading(): Promise<void> {
  const scripts = loadScripts();
  // Compiled from source: a throwaway isolate, no cached data.
  const fresh: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [ms] = await time(async () => {
      const isolate = new ivm.Isolate({ memoryLimit: 128 });
      const context = await isolate.createContext();
      for (const s of scripts) await (await isolate.compileScript(s.code, { filename: s.filename })).run(context);
      isolate.dispose();
    });
    fresh.push(ms);
  }
  console.log(`tfjs into a fresh isolate, compiled from source:   ${stats(fresh)}`);
  const cached: number[] = [];
  for (let i = 0; i < 10; i++) {
    const [ms, prepared] = await time(() => prepareIsolate(128));
    prepared.isolate.dispose();
    if (i > 0) cached.push(ms); // the first one produces the cache
  }
  console.log(`tfjs into a fresh isolate, from V8 code cache:     ${stats(cached)}`);

  const [snapshotMs, snapshot] = await time(async () =>
    ivm.Isolate.createSnapshot(scripts.map((s) => ({ code: s.code, filename: s.filename }))),
  );
  const [fromSnapshotMs, isolate] = await time(async () => {
    const iso = new ivm.Isolate({ memoryLimit: 128, snapshot });
    await iso.createContext();
    return iso;
  });
  const context = await isolate.createContext();
  let verdict: string;
  try {
    verdict = `built a model with ${await context.eval(BUILD_CNN)} parameters`;
  } catch (error) {
    verdict = `building a model fails: ${(error as Error).message}`;
  }
  isolate.dispose();
  console.log(
    `V8 snapshot: created in ${snapshotMs.toFixed(0)} ms (${(snapshot.copy().byteLength / 1e6).toFixed(1)} MB); isolate from it in ${fromSnapshotMs.toFixed(1)} ms; ${verdict}`,
  );
}

async function poolTimings(): Promise<void> {
  const pool = new SandboxPool();
  try {
    const [startMs] = await time(() => pool.warmUp());
    console.log(`child process start-up, until tfjs and the TypeScript compiler are loaded: ${startMs.toFixed(0)} ms`);
    const cnn: SandboxRequest = { language: 'TYPESCRIPT', code: GUIDE_CNN_TS, task: CIFAR10_TASK };
    const [coldMs, cold] = await time(() => pool.build(cnn));
    if (!cold.ok) throw new Error(`${cold.code}: ${cold.message}`);
    console.log(`cold build of the guide's CNN, right after start-up:                ${coldMs.toFixed(0)} ms`);
    // A child that has been idle for a moment has the compiler loaded; its first build still
    // runs tfjs code that V8 has not optimised yet.
    const idle = new SandboxPool();
    try {
      await idle.warmUp();
      await new Promise((r) => setTimeout(r, 2_000));
      const [firstMs, first] = await time(() => idle.build(cnn));
      if (!first.ok) throw new Error(`${first.code}: ${first.message}`);
      console.log(`first build of the guide's CNN in a child idle for 2 s:           ${firstMs.toFixed(0)} ms`);
    } finally {
      await idle.close();
    }

    const cases: [string, SandboxRequest][] = [
      ["guide's CNN, TypeScript", cnn],
      ["guide's LSTM, JavaScript", { language: 'JAVASCRIPT', code: GUIDE_LSTM_JS, task: IMDB_TASK }],
      ["guide's CNN, Keras JSON", { language: 'KERAS_JSON', code: GUIDE_CNN_KERAS_JSON, task: CIFAR10_TASK }],
      ['10^9-parameter dense model', { language: 'JAVASCRIPT', code: denseModelJs(325_521), task: CIFAR10_TASK }],
    ];
    for (const [name, request] of cases) {
      const samples: number[] = [];
      for (let i = 0; i < 20; i++) {
        const [ms, outcome] = await time(() => pool.build(request));
        if (!outcome.ok) throw new Error(`${name}: ${outcome.code}: ${outcome.message}`);
        samples.push(ms);
      }
      console.log(`warm build, ${name.padEnd(28)} ${stats(samples)}`);
    }
  } finally {
    await pool.close();
  }
}

await isolateLoading();
await poolTimings();
