/**
 * Training engine selection.
 *
 * At start-up we pick the fastest tfjs backend that is actually present:
 *   1. `@tensorflow/tfjs-node-gpu` (CUDA libtensorflow)   → backend 'tensorflow'
 *   2. `@tensorflow/tfjs-node`     (CPU libtensorflow)    → backend 'tensorflow'
 *   3. `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD) plus the project's own
 *      training kernels (wasm-kernels/), and on top of them, when the addon in
 *      native/ was built, the native ones (native-kernels/: oneDNN, OpenBLAS)
 *                                                         → backend 'wasm'
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
import { NATIVE_PACKAGES, registerNativeKernels, type NativeKernelsInfo } from './native-kernels/index.js';
import { trainerThreads } from './threads.js';
import './chained-ops.js';

/** 'native': the wasm backend with the native kernels (oneDNN, OpenBLAS) for the heavy ops. */
export type EngineName = 'tfjs-node-gpu' | 'tfjs-node' | 'native' | 'wasm' | 'cpu';

export interface EngineInfo {
  name: EngineName;
  /** tfjs backend name now active ('tensorflow', 'wasm' or 'cpu'). */
  backend: string;
  /** wasm only: whether the SIMD build was loaded. */
  simd: boolean;
  /** Threads the engine uses inside this process (wasm alone in Node: always 1). */
  threads: number;
  /** 'native' only: the libraries, instruction set and kernels. */
  native?: NativeKernelsInfo;
  /** 'wasm' only: why the native kernels are not running. */
  nativeUnavailable?: string;
}

export interface InitEngineOptions {
  /**
   * 'auto' (default): best engine present. 'wasm': skip tfjs-node even if
   * installed. 'cpu': the pure-JS backend (requires allowCpu).
   */
  prefer?: 'auto' | 'wasm' | 'cpu';
  /** Permit the pure-JS cpu backend (tests and sandbox only). */
  allowCpu?: boolean;
  /** The native kernels on top of wasm when the addon is built (default true). */
  native?: boolean;
  /** Threads of the native kernels; TRAINER_THREADS overrides; default every core. */
  threads?: number;
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
    const wasm: EngineInfo = { name: 'wasm', backend: 'wasm', simd, threads: mt ? 0 : 1 };
    if (opts.native === false) return { ...wasm, nativeUnavailable: 'not asked for' };
    const native = registerNativeKernels(trainerThreads(opts.threads));
    if ('reason' in native) return { ...wasm, nativeUnavailable: native.reason };
    return { name: 'native', backend: 'wasm', simd, threads: native.threads, native };
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

/** The one line the worker logs: which engine, and which kernels run where. */
export function startupLine(info: EngineInfo): string {
  const head = `[training] engine: ${info.name} (tfjs ${tf.version_core}, backend '${info.backend}'`;
  if (info.native) {
    const n = info.native;
    return (
      `${head}, SIMD ${info.simd ? 'on' : 'off'}, oneDNN ${n.dnnl} ${n.isa}, ${n.blas}, ${n.threads} thread` +
      `${n.threads === 1 ? '' : 's'}); native kernels: ${n.kernels.join(', ')}; the rest on wasm`
    );
  }
  if (info.name === 'wasm') {
    return (
      `${head}, SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} thread); native kernels off: ${info.nativeUnavailable}` +
      // The hint only where it helps: not after an opt-out, nor twice.
      (/TRAINER_NATIVE|not asked for|apt-get/.test(info.nativeUnavailable ?? '')
        ? ''
        : ` (training is faster with: apt-get install -y ${NATIVE_PACKAGES})`)
    );
  }
  return `${head})`;
}

/**
 * Select and activate the training engine. Idempotent: later calls return
 * the engine picked first (the start-up line is logged once).
 */
export async function initEngine(opts: InitEngineOptions = {}): Promise<EngineInfo> {
  const same =
    opts.prefer === undefined ||
    opts.prefer === 'auto' ||
    opts.prefer === current?.name ||
    (opts.prefer === 'wasm' && current?.name === 'native' && opts.native !== false);
  if (current && same) {
    if (tf.getBackend() !== current.backend) await tf.setBackend(current.backend);
    return current;
  }
  if (pending && opts.prefer === undefined) return pending;
  const run = (async () => {
    const info = await select(opts);
    const log = opts.logger ?? ((m: string) => console.log(m));
    log(startupLine(info));
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
