/**
 * Isolates for the child: tfjs-loaded ones for models (from V8's code cache, with spares
 * kept ready while idle) and bare ones for coding exercises.
 *
 * A model isolate runs, in order: the shim guest program, seedrandom and the tfjs UMD
 * bundles (core, cpu backend, layers) from node_modules, then the weight-hook and
 * model-runner guest programs (src/sandbox/guest/). The code cache lives in this process's
 * memory only: nothing is written to disk, so a child that runs as an unprivileged user
 * needs no writable directory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ivm from 'isolated-vm';
import { guestProgram } from '../guest-programs.js';

const requireFromHere = createRequire(import.meta.url);
const readPackageFile = (specifier: string): string => readFileSync(requireFromHere.resolve(specifier), 'utf8');

export interface ScriptSource {
  code: string;
  filename: string;
  cachedData?: ivm.ExternalCopy<ArrayBuffer>;
}

let scripts: ScriptSource[] | undefined;

/** The scripts every model isolate runs before candidate code (exported for the benchmark). */
export function loadScripts(): ScriptSource[] {
  scripts ??= [
    { code: guestProgram('shim'), filename: 'dojo-shim.js' },
    // The cpu backend's UMD bundle looks for a global `seedrandom`; its own bundle puts it on Math.
    {
      code: `${readPackageFile('seedrandom/seedrandom.min.js')}\n;globalThis.seedrandom = Math.seedrandom;`,
      filename: 'seedrandom.js',
    },
    { code: readPackageFile('@tensorflow/tfjs-core/dist/tf-core.es2017.min.js'), filename: 'tf-core.js' },
    {
      code: readPackageFile('@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.es2017.min.js'),
      filename: 'tf-backend-cpu.js',
    },
    { code: readPackageFile('@tensorflow/tfjs-layers/dist/tf-layers.es2017.min.js'), filename: 'tf-layers.js' },
    { code: 'tf.setBackend("cpu");', filename: 'dojo-backend.js' },
    { code: guestProgram('weight-hook'), filename: 'dojo-hook.js' },
    { code: guestProgram('model-runner'), filename: 'dojo-runner.js' },
  ];
  return scripts;
}

export interface PreparedIsolate {
  isolate: ivm.Isolate;
  context: ivm.Context;
  memoryMb: number;
}

/**
 * Makes a fresh isolate with tfjs loaded. The first one compiles the bundles and keeps V8's
 * code cache; later ones start from that cache (~12 ms instead of ~35 ms here).
 *
 * Why not `ivm.Isolate.createSnapshot`: with isolated-vm 5.0.4 on Node 20.20, isolates made
 * from a snapshot of these bundles misbehave — functions of the bundle's closure are "not
 * defined" and string constants come back corrupted ("Not a valid tensor name:
 * 'conv2d\u00c6Conv2D1_input'"), with or without a warm-up script, --no-lazy or
 * --regexp-interpret-all. Known upstream: laverdet/isolated-vm#359 (snapshot test fails on
 * Node 20 with corrupted characters); the maintainer advises avoiding createSnapshot (#352).
 */
export async function prepareIsolate(memoryMb: number): Promise<PreparedIsolate> {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  try {
    const context = await isolate.createContext();
    for (const source of loadScripts()) {
      const script = await isolate.compileScript(source.code, {
        filename: source.filename,
        ...(source.cachedData ? { cachedData: source.cachedData } : { produceCachedData: true }),
      });
      const produced = (script as ivm.Script & { cachedData?: ivm.ExternalCopy<ArrayBuffer> }).cachedData;
      if (!source.cachedData && produced) source.cachedData = produced;
      await script.run(context);
      script.release();
    }
    return { isolate, context, memoryMb };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

/** Spare isolates, loaded while the child is idle. Each build takes two. */
const SPARES = 2;
const spares: Promise<PreparedIsolate>[] = [];
let spareMemoryMb = 128;

/** The memory limit spares are made with (the pool's default, passed as --memory-mb). */
export function setSpareMemoryMb(memoryMb: number): void {
  spareMemoryMb = memoryMb;
}

export function spareMemory(): number {
  return spareMemoryMb;
}

export function refillSpares(): void {
  while (spares.length < SPARES) {
    const next = prepareIsolate(spareMemoryMb);
    next.catch(() => undefined);
    spares.push(next);
  }
}

/** A tfjs isolate with this memory limit: a spare if one is ready, else a fresh one. */
export async function takeIsolate(memoryMb: number): Promise<PreparedIsolate> {
  if (memoryMb !== spareMemoryMb) {
    // A different limit: later builds probably use it too.
    for (const spare of spares.splice(0)) spare.then((p) => p.isolate.dispose()).catch(() => undefined);
    spareMemoryMb = memoryMb;
  }
  const spare = spares.shift();
  if (spare) {
    try {
      return await spare;
    } catch {
      // fall through to a fresh one
    }
  }
  return prepareIsolate(memoryMb);
}

/** A fresh isolate without tfjs (coding exercises need none): ~2 ms. */
export async function prepareCodingIsolate(memoryMb: number): Promise<PreparedIsolate> {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  try {
    const context = await isolate.createContext();
    for (const [code, filename] of [
      [guestProgram('shim'), 'dojo-shim.js'],
      [guestProgram('coding-runner'), 'dojo-coding-runner.js'],
    ]) {
      const script = await isolate.compileScript(code, { filename });
      await script.run(context);
      script.release();
    }
    return { isolate, context, memoryMb };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}
