/**
 * Evaluation of a trained model on a held-out split, in batches.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BatchSource } from './sources.js';

export interface EvaluationResult {
  count: number;
  correct: number;
  accuracy: number;
  /** Mean loss per example (the model's compiled loss, else cross-entropy). */
  loss: number;
  /** accuracy per true class (NaN for a class absent from the split). */
  perClassAccuracy: number[];
  /** confusion[trueClass][predictedClass] = count. */
  confusion: number[][];
}

export interface EvaluateOptions {
  batchSize?: number;
  signal?: AbortSignal;
}

type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** The loss the model was compiled with, or a cross-entropy matching its output. */
export function modelLoss(model: LayersModel, outputUnits: number): LossFn {
  const compiled = (model as unknown as { lossFunctions?: LossFn[] }).lossFunctions;
  if (compiled && compiled.length > 0) return compiled[0];
  // tfjs keeps the compile argument as `loss`; the cross-entropy fallback below would silently
  // train a reconstruction on the wrong objective.
  const name = (model as unknown as { loss?: unknown }).loss;
  if (name === 'meanSquaredError') return tfl.metrics.meanSquaredError as LossFn;
  return (outputUnits === 1 ? tfl.metrics.binaryCrossentropy : tfl.metrics.categoricalCrossentropy) as LossFn;
}

/**
 * Predicted and true class of each example of a batch, as int32 tensors.
 * Output with one unit: sigmoid, class = p > 0.5. Otherwise argmax. Labels
 * may be one-hot `[n,k]`, binary `[n,1]` or class indices `[n]`.
 */
export function classesOf(pred: Tensor, y: Tensor): { predicted: Tensor; truth: Tensor } {
  return tf.tidy(() => {
    const units = pred.shape[pred.shape.length - 1] ?? 1;
    const predicted =
      units === 1 ? tf.cast(tf.greater(tf.reshape(pred, [-1]), 0.5), 'int32') : tf.cast(tf.argMax(pred, -1), 'int32');
    let truth: Tensor;
    if (y.rank === 1) truth = tf.cast(y, 'int32');
    else if (y.shape[y.rank - 1] === 1)
      truth =
        units === 1 ? tf.cast(tf.greater(tf.reshape(y, [-1]), 0.5), 'int32') : tf.cast(tf.reshape(y, [-1]), 'int32');
    else truth = tf.cast(tf.argMax(y, -1), 'int32');
    return { predicted, truth };
  });
}

/**
 * Loss of one batch, summed over its examples (a scalar tensor). A loss that keeps more than the
 * batch axis (meanSquaredError on images gives [n, h, w]) is averaged over the rest first, as
 * Keras does: each example's loss is its mean over pixels.
 */
export function batchLossSum(loss: LossFn, y: Tensor, pred: Tensor): Tensor {
  return tf.tidy(() => {
    const units = pred.shape[pred.shape.length - 1] ?? 1;
    // Sparse labels with a softmax output: one-hot them for the loss.
    const yy = y.rank === 1 && units > 1 ? tf.oneHot(tf.cast(y, 'int32'), units) : y;
    const perExample = loss(yy, pred);
    const rest = Array.from({ length: perExample.rank - 1 }, (_, i) => i + 1);
    return tf.sum(rest.length > 0 ? tf.mean(perExample, rest) : perExample);
  });
}

/** Mean squared error per example and their sum of squares, for a reconstruction's mean and interval. */
export interface ReconstructionResult {
  count: number;
  /** Sum over examples of each example's mean squared error (over all its values). */
  sum: number;
  /** Sum over examples of that error squared (for the standard deviation). */
  sumOfSquares: number;
}

/** Evaluates a model that reproduces its input (the source's y is the input): per-example MSE, summed. */
export async function evaluateReconstruction(
  model: LayersModel,
  source: BatchSource,
  opts: EvaluateOptions = {},
): Promise<ReconstructionResult> {
  const batchSize = opts.batchSize ?? 256;
  let sum = 0;
  let sumOfSquares = 0;
  for (let start = 0; start < source.size; start += batchSize) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('evaluation aborted');
    const n = Math.min(batchSize, source.size - start);
    const idx = new Int32Array(n);
    for (let r = 0; r < n; r++) idx[r] = start + r;
    const { x, y } = source.batch(idx);
    try {
      const errors = tf.tidy(() => {
        const pred = model.predict(x) as Tensor;
        const axes = Array.from({ length: pred.rank - 1 }, (_, i) => i + 1);
        return tf.mean(tf.squaredDifference(pred, y), axes);
      });
      const values = await errors.data();
      errors.dispose();
      for (let r = 0; r < n; r++) {
        sum += values[r];
        sumOfSquares += values[r] * values[r];
      }
    } finally {
      tf.dispose([x, y]);
    }
    await nextTick();
  }
  return { count: source.size, sum, sumOfSquares };
}

/**
 * Mean of per-example errors with a 95 % interval (normal approximation: mean ± 1.96 s/√n,
 * s the sample standard deviation), clipped at 0.
 */
export function meanInterval(r: ReconstructionResult, z = 1.96): { mean: number; low: number; high: number } {
  if (!(r.count > 0)) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN };
  const mean = r.sum / r.count;
  const variance = r.count > 1 ? Math.max(0, (r.sumOfSquares - r.count * mean * mean) / (r.count - 1)) : 0;
  const half = (z * Math.sqrt(variance)) / Math.sqrt(r.count);
  return { mean, low: Math.max(0, mean - half), high: mean + half };
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Evaluates `model` on every example of `source`, `batchSize` at a time. */
export async function evaluate(
  model: LayersModel,
  source: BatchSource,
  opts: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const batchSize = opts.batchSize ?? 256;
  const k = Math.max(2, source.numClasses);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  let lossFn: LossFn | null = null;
  for (let start = 0; start < source.size; start += batchSize) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('evaluation aborted');
    const n = Math.min(batchSize, source.size - start);
    const idx = new Int32Array(n);
    for (let r = 0; r < n; r++) idx[r] = start + r;
    const { x, y } = source.batch(idx);
    try {
      const [ls, p, t] = tf.tidy(() => {
        const pred = model.predict(x) as Tensor;
        const units = pred.shape[pred.shape.length - 1] ?? 1;
        lossFn ??= modelLoss(model, units);
        const { predicted, truth } = classesOf(pred, y);
        return [batchLossSum(lossFn, y, pred), predicted, truth] as const;
      });
      const [lv, pv, tv] = await Promise.all([ls.data(), p.data(), t.data()]);
      tf.dispose([ls, p, t]);
      lossSum += lv[0];
      for (let r = 0; r < n; r++) confusion[tv[r]][pv[r]]++;
    } finally {
      tf.dispose([x, y]);
    }
    await nextTick();
  }
  return resultFromConfusion(confusion, lossSum, source.size);
}

/** Accuracy, per-class accuracy and mean loss of `count` examples from their confusion matrix and summed loss. */
export function resultFromConfusion(confusion: number[][], lossSum: number, count: number): EvaluationResult {
  let correct = 0;
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    correct += row[c];
    return total > 0 ? row[c] / total : Number.NaN;
  });
  return {
    count,
    correct,
    accuracy: count > 0 ? correct / count : Number.NaN,
    loss: count > 0 ? lossSum / count : Number.NaN,
    perClassAccuracy,
    confusion,
  };
}

/**
 * Wilson score interval for a binomial proportion (default 95 %, z = 1.96):
 * where the true accuracy lies given `successes` out of `n`.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): { low: number; high: number; center: number } {
  if (!(n > 0)) return { low: 0, high: 1, center: Number.NaN };
  if (successes < 0 || successes > n) throw new RangeError(`successes ${successes} outside 0..${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half), center };
}
