/**
 * tfjs-layers' LSTM and GRU over a whole sequence in one native call forward and one backward
 * (native/src/rnn.cc), where tfjs runs dozens of small ops per time step. The layers keep
 * their weights (Keras' layout, used as they are) and their config; only their call changes,
 * and only where the native sweep computes exactly what tfjs-layers would:
 *   zero initial state, no mask, not stateful, no returnState, no dropout while training,
 *   float32 input [batch, time, features], activations among linear/relu/sigmoid/hardSigmoid/tanh.
 * Anything else (and any backend other than wasm) runs tfjs-layers' own call.
 *
 * The sweep is two wasm-backend kernels (DojoLstm/DojoLstmGrad, DojoGru/DojoGruGrad) joined
 * by tf.customGrad, so the forward keeps its gates and states for the backward on the tape.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradSaveFunc, KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon.js';
import { countCall, view } from './common.js';

/** tfjs-layers activation class names → native/src/ops.h codes. */
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, sigmoid: 5, tanh: 6, hardSigmoid: 7 };

type Kind = 'lstm' | 'gru';
const GATES: Record<Kind, number> = { lstm: 4, gru: 3 };
const KERNEL: Record<Kind, string> = { lstm: 'DojoLstm', gru: 'DojoGru' };

interface SequenceAttrs {
  activation: number;
  recurrentActivation: number;
  returnSequences: boolean;
}

function shapeOf(x: TensorInfo, recurrent: TensorInfo, attrs: NamedAttrMap, lastOnly: boolean): Int32Array {
  const [B, T, I] = x.shape;
  const U = recurrent.shape[0];
  return Int32Array.from([
    B,
    T,
    I,
    U,
    attrs.activation as number,
    attrs.recurrentActivation as number,
    lastOnly ? 1 : 0,
  ]);
}

function forwardKernel(addon: NativeAddon, kind: Kind): KernelFunc {
  return ({ inputs, backend: b, attrs = {} }) => {
    const backend = b as BackendWasm;
    const { x, kernel, recurrentKernel, bias } = inputs as Record<string, TensorInfo | undefined>;
    const [B, T] = x!.shape;
    const U = recurrentKernel!.shape[0];
    const gates = backend.makeOutput([B, T, GATES[kind] * U], 'float32');
    const c = kind === 'lstm' ? backend.makeOutput([B, T, U], 'float32') : null;
    const h = backend.makeOutput([B, T, U], 'float32');
    const s = shapeOf(x!, recurrentKernel!, attrs, false);
    const [vx, vw, vu, vb] = [x!, kernel!, recurrentKernel!]
      .map((t) => view(backend, t))
      .concat(bias ? [view(backend, bias)] : []);
    if (c) addon.lstmForward(vx, vw, vu, vb ?? null, view(backend, gates), view(backend, c), view(backend, h), s);
    else addon.gruForward(vx, vw, vu, vb ?? null, view(backend, gates), view(backend, h), s);
    return c ? [gates, c, h] : [gates, h];
  };
}

function backwardKernel(addon: NativeAddon, kind: Kind): KernelFunc {
  return ({ inputs, backend: b, attrs = {} }) => {
    const backend = b as BackendWasm;
    const { x, kernel, recurrentKernel, gates, c, h, dy } = inputs as Record<string, TensorInfo | undefined>;
    const lastOnly = attrs.lastOnly === true;
    const dx = backend.makeOutput(x!.shape, 'float32');
    const dw = backend.makeOutput(kernel!.shape, 'float32');
    const du = backend.makeOutput(recurrentKernel!.shape, 'float32');
    const db = attrs.hasBias === true ? backend.makeOutput([kernel!.shape[1]], 'float32') : null;
    const s = shapeOf(x!, recurrentKernel!, attrs, lastOnly);
    const v = (t: TensorInfo) => view(backend, t);
    const out = [v(dx), v(dw), v(du), db ? v(db) : null] as const;
    if (kind === 'lstm')
      addon.lstmBackward(v(x!), v(kernel!), v(recurrentKernel!), v(gates!), v(c!), v(h!), v(dy!), ...out, s);
    else addon.gruBackward(v(x!), v(kernel!), v(recurrentKernel!), v(gates!), v(h!), v(dy!), ...out, s);
    return db ? [dx, dw, du, db] : [dx, dw, du];
  };
}

/**
 * The layer's output for input x [B,T,I]: every step's h [B,T,U] with returnSequences, else
 * the last [B,U]. Differentiable in x, the kernels and the bias.
 */
export function recurrentSequence(
  kind: Kind,
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  attrs: SequenceAttrs,
): Tensor {
  const [B, T] = x.shape;
  const U = recurrentKernel.shape[0];
  const kernelAttrs = { activation: attrs.activation, recurrentActivation: attrs.recurrentActivation };
  const run = tf.customGrad((...args: Array<Tensor | GradSaveFunc>) => {
    const save = args.pop() as GradSaveFunc;
    const [xs, k, r, b] = args as Tensor[];
    const inputs = { x: xs, kernel: k, recurrentKernel: r, ...(b ? { bias: b } : {}) };
    const outs = tf.engine().runKernel(KERNEL[kind], inputs, kernelAttrs) as Tensor[];
    save([xs, k, r, ...outs]);
    const h = outs[outs.length - 1];
    const value = attrs.returnSequences ? h : tf.reshape(tf.slice(h, [0, T - 1, 0], [B, 1, U]), [B, U]);
    return {
      value,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [sx, sk, sr, gates, ...states] = saved;
        const grads = {
          x: sx,
          kernel: sk,
          recurrentKernel: sr,
          gates,
          h: states[states.length - 1],
          ...(kind === 'lstm' ? { c: states[0] } : {}),
          dy: dy as Tensor,
        };
        const gradAttrs = { ...kernelAttrs, lastOnly: !attrs.returnSequences, hasBias: b !== undefined };
        return tf.engine().runKernel(`${KERNEL[kind]}Grad`, grads, gradAttrs) as Tensor[];
      },
    };
  });
  return bias ? run(x, kernel, recurrentKernel, bias) : run(x, kernel, recurrentKernel);
}

/** What the patched call reads of tfjs-layers' LSTM/GRU layer and its cell. */
interface RecurrentLayer {
  stateful: boolean;
  returnState: boolean;
  returnSequences: boolean;
  goBackwards: boolean;
  cell: {
    units: number;
    useBias: boolean;
    dropout: number;
    recurrentDropout: number;
    activation: { getClassName(): string };
    recurrentActivation: { getClassName(): string };
    kernel: { read(): Tensor };
    recurrentKernel: { read(): Tensor };
    bias: { read(): Tensor } | null;
  };
}
type Kwargs = { mask?: unknown; training?: boolean; initialState?: unknown } | undefined;

/** The native sweep's output for this call, or null where tfjs-layers' own call must run. */
function nativeCall(kind: Kind, layer: RecurrentLayer, inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | null {
  if (tf.getBackend() !== 'wasm') return null;
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs;
  if (!x || x.rank !== 3 || x.dtype !== 'float32' || x.shape[1] === 0 || x.shape[0] === 0) return null;
  if (kwargs?.mask != null || kwargs?.initialState != null || layer.stateful || layer.returnState) return null;
  const cell = layer.cell;
  const drops = (rate: number) => rate > 0 && rate < 1; // tfjs-layers' own test
  if (kwargs?.training === true && (drops(cell.dropout) || drops(cell.recurrentDropout))) return null;
  const activation = ACTIVATIONS[cell.activation.getClassName()];
  const recurrentActivation = ACTIVATIONS[cell.recurrentActivation.getClassName()];
  if (activation === undefined || recurrentActivation === undefined) return null;
  return tf.tidy(() => {
    // goBackwards: tfjs-layers reads the steps last to first and returns them in that order.
    const seq = layer.goBackwards ? tf.reverse(x, 1) : x;
    return recurrentSequence(
      kind,
      seq,
      cell.kernel.read(),
      cell.recurrentKernel.read(),
      cell.useBias && cell.bias ? cell.bias.read() : null,
      { activation, recurrentActivation, returnSequences: layer.returnSequences },
    );
  });
}

let installed = false;

/** Registers the sweep kernels on wasm and patches LSTM's and GRU's call (once per process). */
export function installFusedRecurrent(addon: NativeAddon): void {
  if (installed) return;
  installed = true;
  for (const kind of ['lstm', 'gru'] as const) {
    tf.registerKernel({ kernelName: KERNEL[kind], backendName: 'wasm', kernelFunc: forwardKernel(addon, kind) });
    tf.registerKernel({
      kernelName: `${KERNEL[kind]}Grad`,
      backendName: 'wasm',
      kernelFunc: backwardKernel(addon, kind),
    });
    const sample = kind === 'lstm' ? tfl.layers.lstm({ units: 1 }) : tfl.layers.gru({ units: 1 });
    const proto = Object.getPrototypeOf(sample) as { call: (inputs: Tensor | Tensor[], kwargs: Kwargs) => unknown };
    const original = proto.call;
    const name = kind.toUpperCase();
    proto.call = function (this: RecurrentLayer, inputs: Tensor | Tensor[], kwargs: Kwargs) {
      const out = nativeCall(kind, this, inputs, kwargs);
      countCall(name, out !== null);
      return out ?? original.call(this, inputs, kwargs);
    };
  }
}
