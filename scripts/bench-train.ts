/**
 * `npm run bench:train` — training throughput of the reference models on
 * real CIFAR-10 / IMDb with the engine in use, on one core and on all cores,
 * and the same models in PyTorch when `python3` with `torch` is present.
 *
 *   npm run bench:train -- [--batches N] [--models cnn,lstm,gap,gru,bncnn]
 *        [--workers N] [--repeat R] [--no-torch] [--profile] [--json]
 *
 * --repeat R runs every measurement R times and keeps the best, which is the
 * figure to trust on a machine shared with other work.
 *
 * Engines: `native` (the wasm backend with the native oneDNN/OpenBLAS kernels, when the
 * addon is built) and `wasm` (the wasm kernels alone), then PyTorch.
 *
 * "All cores": the native engine runs one process with N threads (what one job on an idle
 * worker gets). wasm threads do not work in Node as shipped (the backend's workers load from
 * blob: URLs), so for wasm all cores means N worker processes, each training its own copy of
 * the model at the same time; the figure is the sum of their throughputs. PyTorch is measured
 * the same way (1 thread each).
 *
 * PyTorch's BLAS is read from the libraries its process maps; against the reference BLAS
 * (Debian's default before `apt-get install -y libopenblas0-openmp`) no ratio is printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { fail, intOption, parseCli } from './cli.js';

type ModelName = 'cnn' | 'lstm' | 'gap' | 'gru' | 'bncnn';
type Engine = 'native' | 'wasm';
const MODELS: ModelName[] = ['cnn', 'lstm', 'gap', 'gru', 'bncnn'];
const IMAGE_MODELS: ModelName[] = ['cnn', 'bncnn'];
const DEFAULT_BATCHES: Record<ModelName, number> = { cnn: 200, lstm: 5, gap: 300, gru: 5, bncnn: 100 };
const WARMUP: Record<ModelName, number> = { cnn: 5, lstm: 2, gap: 5, gru: 2, bncnn: 5 };
const BATCH = 64;
const SEQ_LEN = 500;
const VOCAB = 10000;
const UNIT: Record<ModelName, string> = { cnn: 'img/s', lstm: 'seq/s', gap: 'seq/s', gru: 'seq/s', bncnn: 'img/s' };
const LABEL: Record<ModelName, string> = {
  cnn: '(a) CIFAR-10 CNN (guide), batch 64, Adam',
  lstm: '(b) IMDb LSTM 64 (emb 10k×128, len 500), batch 64, Adam',
  gap: '(c) IMDb embedding 16 + global avg pool, batch 64, Adam',
  // PyTorch's GRU applies the reset gate after the recurrent product, tfjs-layers' before it: the same work.
  gru: '(d) IMDb GRU 64 (emb 10k×128, len 500), batch 64, Adam',
  bncnn: '(e) CIFAR-10 CNN (guide) with batch normalisation, batch 64, Adam',
};

interface Args {
  batches?: number;
  models: ModelName[];
  workers: number;
  torch: boolean;
  profile: boolean;
  json: boolean;
  worker?: ModelName;
  /** Internal: the worker's engine and threads. */
  engine: Engine;
  threads: number;
  dataDir?: string;
  /** Run each measurement this many times and keep the best (for busy machines). */
  repeat: number;
}

const USAGE =
  'usage: npm run bench:train -- [--batches N] [--models cnn,lstm,gap,gru,bncnn] [--workers N] [--repeat R] [--no-torch] [--profile] [--json]';

function argsFrom(argv: string[]): Args {
  const { values: v } = parseCli(
    argv,
    {
      batches: { type: 'string' },
      models: { type: 'string' },
      workers: { type: 'string' },
      repeat: { type: 'string' },
      'no-torch': { type: 'boolean' },
      profile: { type: 'boolean' },
      json: { type: 'boolean' },
      // Internal: the parent starts each measuring process with these.
      worker: { type: 'string' },
      engine: { type: 'string' },
      threads: { type: 'string' },
      data: { type: 'string' },
    },
    USAGE,
  );
  const models = v.models ? (v.models.split(',').map((s) => s.trim()) as ModelName[]) : MODELS;
  for (const m of [...models, ...(v.worker ? [v.worker as ModelName] : [])])
    if (!MODELS.includes(m)) fail(`unknown model ${m} (cnn, lstm, gap, gru)`);
  return {
    batches: intOption(v.batches, '--batches', { min: 1 }),
    models,
    workers: intOption(v.workers, '--workers', { min: 1 }) ?? os.cpus().length,
    torch: !v['no-torch'],
    profile: v.profile ?? false,
    json: v.json ?? false,
    worker: v.worker as ModelName | undefined,
    engine: v.engine === 'wasm' ? 'wasm' : 'native',
    threads: intOption(v.threads, '--threads', { min: 1 }) ?? 1,
    dataDir: v.data,
    repeat: intOption(v.repeat, '--repeat', { min: 1 }) ?? 1,
  };
}

// ---------------------------------------------------------------------------
// Data: the first (warm-up + batches) × 64 examples of the real train splits,
// written once as raw files that the tfjs workers and PyTorch both read.

interface DataFiles {
  dir: string;
  images: number;
  sequences: number;
}

async function prepareData(args: Args): Promise<DataFiles> {
  const { loadCifar10, loadImdb, padSequences } = await import('../src/datasets/index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-train-'));
  const need = (m: ModelName) => ((args.batches ?? DEFAULT_BATCHES[m]) + WARMUP[m]) * BATCH;
  let images = 0;
  let sequences = 0;
  const imageModels = args.models.filter((m) => IMAGE_MODELS.includes(m));
  if (imageModels.length > 0) {
    const { train } = await loadCifar10({ verify: 'size' });
    images = Math.min(train.count, Math.max(...imageModels.map(need)));
    fs.writeFileSync(path.join(dir, 'images.u8'), train.images.subarray(0, images * 3072));
    fs.writeFileSync(path.join(dir, 'image-labels.u8'), train.labels.subarray(0, images));
  }
  const sequenceModels = args.models.filter((m) => !IMAGE_MODELS.includes(m));
  if (sequenceModels.length > 0) {
    const { train } = await loadImdb({ verify: 'size' });
    sequences = Math.min(train.count, Math.max(...sequenceModels.map(need)));
    // A fixed pseudo-random pick, so both classes appear (the split is sorted by label).
    const idx = new Int32Array(sequences);
    let s = 12345;
    const used = new Set<number>();
    for (let i = 0; i < sequences; i++) {
      let j: number;
      do {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        j = s % train.count;
      } while (used.has(j));
      used.add(j);
      idx[i] = j;
    }
    const ids = padSequences(train, { vocabSize: VOCAB, seqLen: SEQ_LEN, indices: idx });
    const labels = Uint8Array.from(idx, (i) => train.labels[i]);
    fs.writeFileSync(path.join(dir, 'sequences.i32'), new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
    fs.writeFileSync(path.join(dir, 'sequence-labels.u8'), labels);
  }
  return { dir, images, sequences };
}

// ---------------------------------------------------------------------------
// Worker: one model, one process, one core.

interface WorkerResult {
  model: ModelName;
  engine: string;
  examplesPerSecond: number;
  batches: number;
  seconds: number;
  profile?: Array<{ kernel: string; ms: number; share: number }>;
}

async function runWorker(model: ModelName, args: Args): Promise<WorkerResult> {
  const { initEngine, tf } = await import('../src/training/engine.js');
  const { fit } = await import('../src/training/fit.js');
  const { imageSource, sequenceSource } = await import('../src/training/sources.js');
  const { guideCnn, guideCnnBatchNorm, guideLstm, imdbGru, embeddingGap } =
    await import('../src/training/reference-models.js');
  const { withSeededRandom, mulberry32 } = await import('../src/training/seed.js');
  const engine = await initEngine({ native: args.engine === 'native', threads: args.threads, logger: () => undefined });
  if (engine.name !== args.engine) throw new Error(`asked for the ${args.engine} engine, got ${engine.name}`);
  const dir = args.dataDir!;
  const batches = args.batches ?? DEFAULT_BATCHES[model];
  let source;
  let net: LayersModel;
  const rng = mulberry32(7);
  if (IMAGE_MODELS.includes(model)) {
    const images = new Uint8Array(fs.readFileSync(path.join(dir, 'images.u8')));
    const labels = new Uint8Array(fs.readFileSync(path.join(dir, 'image-labels.u8')));
    source = imageSource({ images, labels });
    net = withSeededRandom(rng, () => (model === 'bncnn' ? guideCnnBatchNorm() : guideCnn()));
    net.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  } else {
    const buf = fs.readFileSync(path.join(dir, 'sequences.i32'));
    const ids = new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const labels = new Uint8Array(fs.readFileSync(path.join(dir, 'sequence-labels.u8')));
    source = sequenceSource({ ids, seqLen: SEQ_LEN, labels });
    net = withSeededRandom(rng, () =>
      model === 'lstm'
        ? guideLstm(VOCAB, SEQ_LEN)
        : model === 'gru'
          ? imdbGru(VOCAB, SEQ_LEN)
          : embeddingGap(VOCAB, SEQ_LEN),
    );
    net.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  }
  // Warm-up (first calls set up kernels and optimizer slots), then timed run.
  await fit(net, source, { epochs: 1000, batchSize: BATCH, shuffle: false, maxBatches: WARMUP[model] });
  let profile: WorkerResult['profile'];
  const t0 = performance.now();
  let result: Awaited<ReturnType<typeof fit>> | undefined;
  // tf.profile keeps a record per kernel call; the wasm LSTM's 500 unrolled steps make millions,
  // and tfjs overflows the stack summarising them: that model is then timed without a profile.
  const info = args.profile
    ? await tf
        .profile(async () => {
          result = await fit(net, source, {
            epochs: 1000,
            batchSize: BATCH,
            shuffle: true,
            seed: 1,
            maxBatches: batches,
          });
          return [];
        })
        .catch((error: unknown) => {
          if (!(error instanceof RangeError)) throw error;
          console.error(`profile unavailable for ${model} on ${engine.name}: ${error.message}`);
          return undefined;
        })
    : undefined;
  if (info) {
    const byKernel = new Map<string, number>();
    let total = 0;
    for (const k of info.kernels) {
      const ms =
        typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : ((await k.kernelTimeMs) as unknown as number) || 0;
      byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + ms);
      total += ms;
    }
    profile = [...byKernel.entries()]
      .map(([kernel, ms]) => ({ kernel, ms, share: ms / total }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12);
  }
  let t1 = t0;
  if (!info) {
    t1 = performance.now();
    result = await fit(net, source, { epochs: 1000, batchSize: BATCH, shuffle: true, seed: 1, maxBatches: batches });
  }
  const seconds = (performance.now() - t1) / 1000;
  return {
    model,
    engine: engine.name,
    examplesPerSecond: result!.examples / seconds,
    batches: result!.batches,
    seconds,
    profile,
  };
}

// ---------------------------------------------------------------------------
// Parent: spawn workers (tfjs and PyTorch) and print the table.

const here = path.dirname(fileURLToPath(import.meta.url));
const pyScript = path.join(here, 'bench-train.py');

function findTorchPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

/** Which BLAS PyTorch's process maps: OpenBLAS, MKL, or the reference BLAS (slow). */
function torchBlas(py: string): string {
  const r = spawnSync(
    py,
    [
      '-c',
      "import torch, numpy\nprint(' '.join(sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l or 'mkl' in l})))",
    ],
    { encoding: 'utf8' },
  );
  const libs = r.stdout.trim();
  if (/openblas/.test(libs)) return `OpenBLAS (${libs.split(' ').find((l) => /libopenblas/.test(l)) ?? libs})`;
  if (/mkl/.test(libs)) return 'MKL';
  return `reference BLAS (${libs || 'none found'})`;
}

function runChild(cmd: string, argv: string[], threads = 1): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const n = String(threads);
    const child = spawn(cmd, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n, TRAINER_THREADS: n },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code !== 0 || !line)
        reject(new Error(`${path.basename(cmd)} ${argv.join(' ')} failed (${code}): ${err.slice(-2000)}`));
      else resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

/** Best of `args.repeat` runs (other processes on a shared machine only ever slow a run down). */
async function measure(
  kind: Engine | 'torch',
  model: ModelName,
  procs: number,
  args: Args,
  data: DataFiles,
  py: string | null,
): Promise<{ total: number; each: number[]; extra?: WorkerResult }> {
  let best: { total: number; each: number[]; extra?: WorkerResult } | null = null;
  for (let r = 0; r < args.repeat; r++) {
    const m = await measureOnce(kind, model, procs, args, data, py);
    if (!best || m.total > best.total) best = m;
  }
  return best!;
}

async function measureOnce(
  kind: Engine | 'torch',
  model: ModelName,
  procs: number,
  args: Args,
  data: DataFiles,
  py: string | null,
): Promise<{ total: number; each: number[]; extra?: WorkerResult }> {
  const batches = String(args.batches ?? DEFAULT_BATCHES[model]);
  // The native engine uses all cores as threads of one process; wasm and PyTorch as processes.
  const threads = kind === 'native' ? procs : 1;
  const jobs = Array.from({ length: kind === 'native' ? 1 : procs }, () =>
    kind !== 'torch'
      ? runChild(
          process.execPath,
          [
            // The same loader flags (tsx) as this process.
            ...process.execArgv,
            fileURLToPath(import.meta.url),
            '--worker',
            model,
            '--engine',
            kind,
            '--threads',
            String(threads),
            '--data',
            data.dir,
            '--batches',
            batches,
            ...(args.profile && procs === 1 ? ['--profile'] : []),
          ],
          threads,
        )
      : runChild(py!, [
          pyScript,
          '--model',
          model,
          '--data',
          data.dir,
          '--batches',
          batches,
          '--warmup',
          String(WARMUP[model]),
          '--batch-size',
          String(BATCH),
        ]),
  );
  const res = await Promise.all(jobs);
  const each = res.map((r) => Number(r.examplesPerSecond));
  return {
    total: each.reduce((a, b) => a + b, 0),
    each,
    extra: kind !== 'torch' ? (res[0] as unknown as WorkerResult) : undefined,
  };
}

async function main(): Promise<void> {
  const args = argsFrom(process.argv.slice(2));
  if (args.worker) {
    const r = await runWorker(args.worker, args);
    console.log(JSON.stringify(r));
    return;
  }
  const data = await prepareData(args);
  const py = args.torch ? findTorchPython() : null;
  const rows: Array<Record<string, unknown>> = [];
  try {
    const { loadNativeAddon } = await import('../src/training/native-kernels/index.js');
    const addon = loadNativeAddon();
    const engines: Engine[] = addon.loaded ? ['native', 'wasm'] : ['wasm'];
    const load = () => os.loadavg()[0].toFixed(1);
    console.log(
      `engines: ${engines.join(', ')}${addon.loaded ? ` (native: oneDNN ${addon.addon.info().dnnl} ${addon.addon.info().isa}, ${addon.addon.info().blas})` : ` (native: ${addon.reason})`}; ` +
        `cores: ${os.cpus().length}; all cores = ${args.workers} (native: threads of one process; wasm, PyTorch: processes); ` +
        `best of ${args.repeat} run${args.repeat === 1 ? '' : 's'}; load average ${load()}`,
    );
    const blas = py ? torchBlas(py) : null;
    // Against the reference BLAS PyTorch is several times slower than as users run it: no ratio.
    const comparable = blas !== null && !blas.startsWith('reference');
    console.log(
      py
        ? `PyTorch: ${spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout.trim()} (${py}), 1 thread per process, BLAS: ${blas}` +
            (comparable ? '' : ' — no ratios against the reference BLAS: apt-get install -y libopenblas0-openmp first')
        : 'PyTorch: not found (python3 -c "import torch" failed), ratios skipped',
    );
    const f = (x: number | null) => (x === null ? '—' : x.toFixed(0));
    const r = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)}×`);
    for (const model of args.models) {
      const row: Record<string, unknown> = { model, label: LABEL[model], unit: UNIT[model] };
      row.batches = args.batches ?? DEFAULT_BATCHES[model];
      const t1 = py ? await measure('torch', model, 1, args, data, py) : null;
      const tall = py && args.workers > 1 ? await measure('torch', model, args.workers, args, data, py) : t1;
      row.torch = { oneCore: t1?.total ?? null, allCores: tall?.total ?? null, blas };
      console.log(`\n${LABEL[model]} — ${String(row.batches)} batches`);
      if (t1)
        console.log(
          `  pytorch  1 core ${f(t1.total).padStart(6)} ${UNIT[model]}   ${args.workers} cores ${f(tall!.total).padStart(6)} ${UNIT[model]}   (load ${load()})`,
        );
      for (const engine of engines) {
        const one = await measure(engine, model, 1, args, data, py);
        const all = args.workers > 1 ? await measure(engine, model, args.workers, args, data, py) : one;
        const ratio = (x: number, t: { total: number } | null) => (comparable && t ? x / t.total : null);
        row[engine] = {
          oneCore: one.total,
          allCores: all.total,
          ratioOneCore: ratio(one.total, t1),
          ratioAllCores: ratio(all.total, tall),
          profile: one.extra?.profile,
        };
        console.log(
          `  ${engine.padEnd(8)} 1 core ${f(one.total).padStart(6)} ${UNIT[model]}   ${args.workers} cores ${f(all.total).padStart(6)} ${UNIT[model]}` +
            `   vs PyTorch ${r(ratio(one.total, t1))} / ${r(ratio(all.total, tall))}   (load ${load()})`,
        );
        if (one.extra?.profile) {
          console.log(`  ${engine} kernel time shares (tf.profile, 1 core):`);
          for (const p of one.extra.profile)
            console.log(
              `    ${p.kernel.padEnd(36)} ${(100 * p.share).toFixed(1).padStart(5)} %  ${p.ms.toFixed(0).padStart(7)} ms`,
            );
        }
      }
      rows.push(row);
    }
    if (args.json) console.log(JSON.stringify(rows));
  } finally {
    fs.rmSync(data.dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
