/**
 * A fused Adam step: one native call per variable updates its value and both moments in place
 * on the wasm heap, where tfjs' AdamOptimizer runs about ten element-wise ops (each a new
 * tensor) per variable. Installed over AdamOptimizer.prototype.applyGradients, so every Adam
 * (tf.train.adam, tfjs-layers' 'adam') uses it on the wasm backend; anywhere else (cpu,
 * tfjs-node, a non-float variable) tfjs' own method runs.
 *
 * Same arithmetic as tfjs: the moments are created the same way (same names, not trainable,
 * indexed by position), the float32 constants are the ones its ops see, the bias corrections
 * come from its accBeta variables, and the update is the same float32 operations in order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';

/** tfjs' NamedTensor (not exported from the package's index). */
type NamedTensor = { name: string; tensor: Tensor };
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { countCall, view } from './common.js';

type Moment = { originalName: string; variable: Variable };

/** The parts of tfjs' AdamOptimizer the fused step reads and keeps up to date. */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: Moment[];
  accumulatedSecondMoment: Moment[];
  incrementIterations(): void;
  applyGradients(grads: NamedTensorMap | NamedTensor[]): void;
}

/** A buffer of its own for `t` (so writing it in place touches no other tensor). */
function owned(backend: BackendWasm, t: Variable): void {
  if (backend.refCount(t.dataId) <= 1) return;
  const info = backend.makeOutput(t.shape, 'float32');
  view(backend, info).set(view(backend, t));
  const copy = tf.engine().makeTensorFromTensorInfo(info);
  t.assign(copy);
  copy.dispose();
}

const zeroVariable = (like: Tensor): Variable => tf.tidy(() => tf.zerosLike(like).variable(false));

/** The fused step, or false (nothing changed) when it does not apply. */
function fusedStep(addon: NativeAddon, opt: AdamInternals, grads: NamedTensorMap | NamedTensor[]): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
  const vars = tf.engine().registeredVariables;
  const steps = names.map((name, i) => ({
    name,
    value: vars[name],
    grad: Array.isArray(grads) ? grads[i].tensor : grads[name],
  }));
  // tfjs indexes the moments by position in the list: a moment of another shape there (a list
  // that changed between steps) is left to tfjs' own ops, as are other dtypes and shapes.
  const sameShape = (t: Tensor | undefined | null, value: Variable) =>
    t == null || (t.dtype === 'float32' && tf.util.arraysEqual(t.shape, value.shape));
  const fits = ({ value, grad }: (typeof steps)[number], i: number) =>
    value !== undefined &&
    value.dtype === 'float32' &&
    sameShape(grad, value) &&
    sameShape(opt.accumulatedFirstMoment[i]?.variable, value) &&
    sameShape(opt.accumulatedSecondMoment[i]?.variable, value);
  if (!steps.every(fits)) return false;
  const backend = tf.backend() as BackendWasm;
  steps.forEach(({ name, value }, i) => {
    opt.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: zeroVariable(value) };
    opt.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: zeroVariable(value) };
  });
  // tfjs' constants as float32 scalars: beta and 1 - beta rounded from doubles, 1 - accBeta in float32.
  const k = Float32Array.of(
    opt.beta1,
    1 - opt.beta1,
    opt.beta2,
    1 - opt.beta2,
    1 - opt.accBeta1.dataSync()[0],
    1 - opt.accBeta2.dataSync()[0],
    opt.epsilon,
    -opt.learningRate,
  );
  steps.forEach(({ value, grad }, i) => {
    if (grad == null) return;
    const m = opt.accumulatedFirstMoment[i].variable;
    const v = opt.accumulatedSecondMoment[i].variable;
    for (const t of [value, m, v]) owned(backend, t);
    // Views after the copies above: an allocation can grow the heap and detach older views.
    addon.adamUpdate(view(backend, value), view(backend, m), view(backend, v), view(backend, grad), k);
  });
  tf.tidy(() => {
    opt.accBeta1.assign(tf.mul(opt.accBeta1, opt.beta1));
    opt.accBeta2.assign(tf.mul(opt.accBeta2, opt.beta2));
  });
  opt.incrementIterations();
  return true;
}

let installed = false;

/** Puts the fused step in front of tfjs' AdamOptimizer.applyGradients (once per process). */
export function installFusedAdam(addon: NativeAddon): void {
  if (installed) return;
  installed = true;
  const proto = tf.AdamOptimizer.prototype as unknown as AdamInternals;
  const original = proto.applyGradients;
  proto.applyGradients = function (this: AdamInternals, grads: NamedTensorMap | NamedTensor[]) {
    const fused = fusedStep(addon, this, grads);
    countCall('Adam', fused);
    if (!fused) original.call(this, grads);
  };
}
