/**
 * Loads the project's native addon (native/, built by `npm ci` through scripts/build-native.mjs
 * when oneDNN and OpenBLAS are installed). No tfjs here, so the API's /readyz can ask too.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What native/src/addon.cc exports. Tensor arguments are Float32Array views of the wasm heap. */
export interface NativeAddon {
  conv2dForward(
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    geometry: Int32Array,
    activation: number,
    alpha: number,
  ): void;
  conv2dBackwardData(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  conv2dBackwardWeights(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  convImplementations(geometry: Int32Array): string;
  matMul(
    a: Float32Array,
    b: Float32Array,
    bias: Float32Array | null,
    c: Float32Array,
    shape: Int32Array,
    activation: number,
    alpha: number,
  ): void;
  maxPool(x: Float32Array, y: Float32Array, geometry: Int32Array): void;
  maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  sumRows(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** In place on w, m, v; constants [beta1, 1-beta1, beta2, 1-beta2, 1-accBeta1, 1-accBeta2, epsilon, -lr]. */
  adamUpdate(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, constants: Float32Array): void;
  /** shape: [batch, time, inputs, units, activation, recurrent activation, last step only]. */
  lstmForward(
    x: Float32Array,
    w: Float32Array,
    u: Float32Array,
    bias: Float32Array | null,
    gates: Float32Array,
    c: Float32Array,
    h: Float32Array,
    shape: Int32Array,
  ): void;
  lstmBackward(
    x: Float32Array,
    w: Float32Array,
    u: Float32Array,
    gates: Float32Array,
    c: Float32Array,
    h: Float32Array,
    dh: Float32Array,
    dx: Float32Array,
    dw: Float32Array,
    du: Float32Array,
    db: Float32Array | null,
    shape: Int32Array,
  ): void;
  gruForward(
    x: Float32Array,
    w: Float32Array,
    u: Float32Array,
    bias: Float32Array | null,
    gates: Float32Array,
    h: Float32Array,
    shape: Int32Array,
  ): void;
  gruBackward(
    x: Float32Array,
    w: Float32Array,
    u: Float32Array,
    gates: Float32Array,
    h: Float32Array,
    dh: Float32Array,
    dx: Float32Array,
    dw: Float32Array,
    du: Float32Array,
    db: Float32Array | null,
    shape: Int32Array,
  ): void;
  setThreads(n: number): void;
  info(): { dnnl: string; isa: string; blas: string; threads: number };
}

export type NativeStatus = { loaded: true; addon: NativeAddon } | { loaded: false; reason: string };

/** The packages whose headers and libraries the build needs. */
export const NATIVE_PACKAGES = 'libdnnl-dev libopenblas-dev';

/** native/build/Release/dojo_native.node, found from src/ (tsx, Jest) or dist/src/ (built). */
export function addonPath(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'native', 'build', 'Release', 'dojo_native.node');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

let status: NativeStatus | null = null;

/** The addon, or why it is not there (memoised; TRAINER_NATIVE=off turns it off). */
export function loadNativeAddon(): NativeStatus {
  if (status) return status;
  if (process.env.TRAINER_NATIVE === 'off') return (status = { loaded: false, reason: 'TRAINER_NATIVE=off' });
  const file = addonPath();
  if (!file) {
    return (status = {
      loaded: false,
      reason: `the native addon was not built (apt-get install -y ${NATIVE_PACKAGES}, then npm run native:build)`,
    });
  }
  // Idle OpenMP threads sleep instead of spinning: measured on the shared 2-core machine (load
  // 12), two spinning threads trained the guide CNN at 137 img/s, two passive ones at 578 and one
  // at 570. libgomp reads this when it loads, with the addon, so it is set first.
  process.env.OMP_WAIT_POLICY ??= 'passive';
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    return (status = { loaded: true, addon });
  } catch (e) {
    return (status = {
      loaded: false,
      reason: `the native addon did not load: ${(e as Error).message.split('\n')[0]}`,
    });
  }
}

/** For /readyz: the engine a worker on this host starts (tfjs-node aside) and why. */
export function nativeKernelsStatus():
  { engine: 'native'; dnnl: string; isa: string; blas: string } | { engine: 'wasm'; reason: string } {
  const s = loadNativeAddon();
  if (!s.loaded) return { engine: 'wasm', reason: s.reason };
  const { dnnl, isa, blas } = s.addon.info();
  return { engine: 'native', dnnl, isa, blas };
}
