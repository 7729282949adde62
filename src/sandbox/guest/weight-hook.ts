/**
 * Guest program, runs in every model isolate after tfjs, before any candidate code.
 *
 * Replaces Layer.prototype.addWeight: the layer gets a variable of shape [1, 1, …] (same
 * rank, zeros), whose `shape` is then set to the requested one. Layer configs, and so
 * `model.toJSON()`, are untouched; `countParams()` reads `shape`, so it stays exact, and a
 * 10⁹-parameter model costs no memory.
 */
import type { TfGlobal } from './tfjs-global.js';

declare const tf: TfGlobal;

type AddWeight = (this: { name: string }, name: string, shape: number[], ...rest: unknown[]) => { shape: number[] };

const Layer = tf.layers.Layer as unknown as { prototype: { addWeight: AddWeight } };
const original = Layer.prototype.addWeight;
const zeros = tf.initializers.zeros();
const isInteger = Number.isInteger;
const stringify = JSON.stringify;

Object.defineProperty(Layer.prototype, 'addWeight', {
  configurable: true,
  writable: true,
  value: function addWeight(
    this: { name: string },
    name: string,
    shape: number[],
    dtype: unknown,
    _initializer: unknown,
    regularizer: unknown,
    trainable: unknown,
    constraint: unknown,
  ) {
    const real: number[] = [];
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i];
      if (!isInteger(d) || d < 0) {
        throw new Error('Layer "' + this.name + '": weight "' + name + '" has an invalid shape ' + stringify(shape));
      }
      real.push(d);
    }
    const placeholder = real.map(() => 1);
    const variable = original.call(
      this,
      name,
      placeholder,
      dtype,
      zeros,
      regularizer,
      trainable,
      constraint,
      undefined,
    );
    variable.shape = real;
    return variable;
  },
});
