/**
 * Training engine selection.
 *
 * At start-up we pick the fastest tfjs backend that is actually present:
 *   1. `@tensorflow/tfjs-node-gpu` (CUDA libtensorflow)   → backend 'tensorflow'
 *   2. `@tensorflow/tfjs-node`     (CPU libtensorflow)    → backend 'tensorflow'
 *   3. `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD) plus the project's own
 *      training kernels (see wasm-kernels.ts)             → backend 'wasm'
 * The pure-JS cpu backend is ~100× slower than wasm; it is only used when the
 * caller explicitly allows it (tests, the sandbox), never as a silent fallback.
 *
 * tfjs-node(-gpu) are optional: they are loaded with a dynamic import inside
 * try/catch and are not dependencies of this package (their install downloads
 * libtensorflow). Install one next to the app to use it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers every op's gradient with the (shared) core registry.
import * as tfl from '@tensorflow/tfjs-layers';
import { registerWasmTrainingKernels } from './wasm-kernels/index.js';
import './chained-ops.js';

export type EngineName = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

export interface EngineInfo {
  name: EngineName;
  /** tfjs backend name now active ('tensorflow', 'wasm' or 'cpu'). */
  backend: string;
  /** wasm only: whether the SIMD build was loaded. */
  simd: boolean;
  /** Threads the engine uses inside this process (wasm in Node: always 1). */
  threads: number;
}

export interface InitEngineOptions {
  /**
   * 'auto' (default): best engine present. 'wasm': skip tfjs-node even if
   * installed. 'cpu': the pure-JS backend (requires allowCpu).
   */
  prefer?: 'auto' | 'wasm' | 'cpu';
  /** Permit the pure-JS cpu backend (tests and sandbox only). */
  allowCpu?: boolean;
  /** Where the one start-up line goes; default console.log. */
  logger?: (msg: string) => void;
}

export class EngineUnavailableError extends Error {
  readonly code = 'ENGINE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'EngineUnavailableError';
  }
}

let current: EngineInfo | null = null;
let pending: Promise<EngineInfo> | null = null;

/** The engine chosen by initEngine, or null before it ran. */
export function currentEngine(): EngineInfo | null {
  return current;
}

async function tryNode(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): Promise<boolean> {
  try {
    // A variable specifier keeps TypeScript from resolving a package that is
    // (normally) not installed.
    const spec: string = pkg;
    await import(spec);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    // In Node the wasm backend reads its .wasm files from its own dist folder
    // with fs. Do NOT call setWasmPaths here: with a path prefix it switches
    // to fetch(), and Node's fetch cannot load a file path (setBackend then
    // fails after a long wait).
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return false;
    registerWasmTrainingKernels();
    return true;
  } catch {
    return false;
  }
}

async function select(opts: InitEngineOptions): Promise<EngineInfo> {
  const prefer = opts.prefer ?? 'auto';
  if (prefer === 'cpu') {
    if (!opts.allowCpu) {
      throw new EngineUnavailableError(
        'The pure-JS cpu backend was requested without allowCpu: it is about 100x slower than wasm and is meant for tests only.',
      );
    }
    await tf.setBackend('cpu');
    return { name: 'cpu', backend: 'cpu', simd: false, threads: 1 };
  }
  if (prefer === 'auto') {
    if (await tryNode('@tensorflow/tfjs-node-gpu'))
      return { name: 'tfjs-node-gpu', backend: 'tensorflow', simd: true, threads: 0 };
    if (await tryNode('@tensorflow/tfjs-node'))
      return { name: 'tfjs-node', backend: 'tensorflow', simd: true, threads: 0 };
  }
  if (await tryWasm()) {
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    const mt = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
    return { name: 'wasm', backend: 'wasm', simd, threads: mt ? 0 : 1 };
  }
  if (opts.allowCpu) {
    await tf.setBackend('cpu');
    return { name: 'cpu', backend: 'cpu', simd: false, threads: 1 };
  }
  throw new EngineUnavailableError(
    'No training engine could be started: neither @tensorflow/tfjs-node(-gpu) nor @tensorflow/tfjs-backend-wasm loaded, ' +
      'and the pure-JS cpu backend is not allowed for real training (pass allowCpu: true only in tests).',
  );
}

/**
 * Select and activate the training engine. Idempotent: later calls return
 * the engine picked first (the start-up line is logged once).
 */
export async function initEngine(opts: InitEngineOptions = {}): Promise<EngineInfo> {
  if (current && (opts.prefer === undefined || opts.prefer === 'auto' || opts.prefer === current.name)) {
    if (tf.getBackend() !== current.backend) await tf.setBackend(current.backend);
    return current;
  }
  if (pending && opts.prefer === undefined) return pending;
  const run = (async () => {
    const info = await select(opts);
    const log = opts.logger ?? ((m: string) => console.log(m));
    log(
      `[training] engine: ${info.name} (tfjs ${tf.version_core}, backend '${info.backend}'` +
        (info.name === 'wasm' ? `, SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} thread` : '') +
        ')',
    );
    current = info;
    return info;
  })();
  pending = run;
  try {
    return await run;
  } finally {
    pending = null;
  }
}

export { tf, tfl };
