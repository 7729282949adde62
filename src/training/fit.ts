/**
 * The fit loop: trains a compiled tfjs-layers model on batches drawn from a
 * BatchSource.
 *
 * - Each step is `optimizer.minimize` over the model's trainable weights of
 *   mean(compiled loss) + the layers' regularisation losses (what
 *   tfjs-layers' own fit does), with the model applied in training mode.
 * - Seeded: the shuffling order comes from mulberry32(seed), and each step
 *   runs with Math.random swapped for a second seeded stream, so dropout
 *   masks repeat too (see seed.ts; initial weights are seeded separately,
 *   with seedModelJSON or withSeededRandom when the model is built).
 * - Augmentation (`augment`, augment.ts) changes training batches only, from a
 *   third seeded stream; the validation examples are carved out before it.
 * - Between batches it checks the wall-clock budget and the AbortSignal and
 *   yields to the event loop; training stops cleanly there (weights stay
 *   consistent) and the result says why and after how many batches/epochs.
 * - Every tensor of a step is freed in the step; running sums stay as
 *   tensors until the end of the epoch, so a GPU engine is not forced to
 *   synchronise every batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { augmentPixels, isAugmenting, type ImageAugmentation } from './augment.js';
import { learningRateOf, scheduledLearningRate, setLearningRate, type LearningRateSchedule } from './learning-rate.js';
import { batchLossSum, classesOf, evaluate, evaluateReconstruction, modelLoss } from './evaluate.js';
import { mulberry32, shuffleInPlace, withSeededRandom } from './seed.js';
import { subsetSource, type BatchSource } from './sources.js';

export interface EpochLog {
  /** 0-based epoch index. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Wall-clock seconds of the epoch (training + validation). */
  seconds: number;
  /** Training examples per second (training steps only). */
  examplesPerSecond: number;
  /** Batches run in this epoch. */
  batches: number;
  /** True when the epoch was cut short by the budget or an abort. */
  partial: boolean;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Keep the last fraction of `data` (in its original order, as Keras does) for validation. */
  validationSplit?: number;
  /** Or validate on this source (takes precedence over validationSplit). */
  validationData?: BatchSource;
  /** Batch size for validation; default max(batchSize, 256). */
  validationBatchSize?: number;
  /** Shuffle the training examples each epoch (default true). */
  shuffle?: boolean;
  /** Seed for shuffling and dropout (default 0). */
  seed?: number;
  /**
   * Augment training batches (image inputs only): random flip and/or crop after padding,
   * seeded from `seed`. Validation batches are never augmented.
   */
  augment?: ImageAugmentation;
  /**
   * How the optimizer's learning rate moves over the planned batches (learning-rate.ts);
   * default constant. Set before each batch; the optimizer is left at the last batch's rate.
   */
  learningRateSchedule?: LearningRateSchedule;
  /**
   * The model reproduces its input (y is the input, e.g. an autoencoder): no accuracy is counted
   * (EpochLog.accuracy is NaN), and validation reports the mean squared error as valLoss.
   */
  reconstruction?: boolean;
  /** Wall-clock budget in milliseconds; training stops between batches when it is spent. */
  budgetMs?: number;
  signal?: AbortSignal;
  /** Stop after this many batches in total (benchmarks). */
  maxBatches?: number;
  onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  onBatchEnd?: (info: {
    epoch: number;
    batch: number;
    batchesInEpoch: number;
    totalBatches: number;
  }) => void | Promise<void>;
}

export type StopReason = 'completed' | 'budget' | 'aborted' | 'max-batches';

export interface FitResult {
  history: EpochLog[];
  stopReason: StopReason;
  /** Fully completed epochs. */
  epochsCompleted: number;
  /** Batches trained in total. */
  batches: number;
  examples: number;
  seconds: number;
  /** Human-readable summary, e.g. "stopped by the 600 s budget after 2 epochs + 113 batches". */
  message: string;
}

type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface ModelInternals {
  optimizer?: tf.Optimizer;
  lossFunctions?: LossFn[];
  calculateLosses?: () => Scalar[];
}

/** Augments a float `[n, h, w, c]` batch; a new tensor (the caller disposes both). */
function augmentImages(x: Tensor, aug: ImageAugmentation, rng: () => number): Tensor {
  if (x.rank !== 4)
    throw new RangeError(
      `fit: augmentation needs image batches [batch, height, width, channels], got [${x.shape.join(', ')}]`,
    );
  const shape = x.shape as [number, number, number, number];
  return tf.tensor4d(augmentPixels(x.dataSync() as Float32Array, shape, aug, rng), shape, 'float32');
}

/** Trains `model` (already compiled with an optimizer and a loss) on `data`. */
export async function fit(model: LayersModel, data: BatchSource, opts: FitOptions): Promise<FitResult> {
  const internals = model as unknown as ModelInternals;
  const optimizer = internals.optimizer;
  if (!optimizer || typeof optimizer.minimize !== 'function')
    throw new Error('fit: compile the model with an optimizer and a loss first');
  if (!(opts.batchSize >= 1) || !(opts.epochs >= 0))
    throw new RangeError('fit: batchSize must be >= 1 and epochs >= 0');

  let train = data;
  let val = opts.validationData;
  if (!val && opts.validationSplit && opts.validationSplit > 0) {
    if (opts.validationSplit >= 1) throw new RangeError('fit: validationSplit must be < 1');
    const nVal = Math.floor(data.size * opts.validationSplit);
    const nTrain = data.size - nVal;
    train = subsetSource(
      data,
      Int32Array.from({ length: nTrain }, (_, i) => i),
    );
    val = subsetSource(
      data,
      Int32Array.from({ length: nVal }, (_, i) => nTrain + i),
    );
  }
  if (train.size === 0) throw new RangeError('fit: no training examples');

  const seed = opts.seed ?? 0;
  const orderRng = mulberry32(seed);
  const stepRng = mulberry32((seed ^ 0x9e3779b9) >>> 0);
  // A stream of its own, so turning augmentation on leaves the order and dropout streams as they were.
  const augment = isAugmenting(opts.augment) ? opts.augment : undefined;
  const augmentRng = mulberry32((seed ^ 0x85ebca6b) >>> 0);
  const shuffle = opts.shuffle ?? true;
  const order = Int32Array.from({ length: train.size }, (_, i) => i);
  const batchesPerEpoch = Math.ceil(train.size / opts.batchSize);
  const vars = model.trainableWeights.map((w) => w.read() as Variable);

  const t0 = performance.now();
  const history: EpochLog[] = [];
  let stopReason: StopReason = 'completed';
  let totalBatches = 0;
  let examples = 0;
  let lossFn: LossFn | null = null;

  const stopCheck = (): StopReason | null => {
    if (opts.signal?.aborted) return 'aborted';
    if (opts.budgetMs !== undefined && performance.now() - t0 >= opts.budgetMs) return 'budget';
    if (opts.maxBatches !== undefined && totalBatches >= opts.maxBatches) return 'max-batches';
    return null;
  };

  const schedule = opts.learningRateSchedule ?? 'constant';
  const baseRate = learningRateOf(optimizer);
  const plannedBatches = opts.epochs * batchesPerEpoch;

  epochs: for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const e0 = performance.now();
    if (shuffle) shuffleInPlace(order, orderRng);
    let lossSum: Tensor = tf.keep(tf.scalar(0));
    let correctSum: Tensor = tf.keep(tf.scalar(0, 'int32'));
    let seen = 0;
    let batches = 0;
    let trainMs = 0;
    let stopped: StopReason | null = null;
    for (let b = 0; b < batchesPerEpoch; b++) {
      stopped = stopCheck();
      if (stopped) break;
      const s0 = performance.now();
      const idx = order.subarray(b * opts.batchSize, Math.min(train.size, (b + 1) * opts.batchSize));
      const batch = train.batch(idx);
      const { y } = batch;
      let x = batch.x;
      try {
        if (augment) {
          x = augmentImages(batch.x, augment, augmentRng);
          batch.x.dispose();
        }
        if (schedule !== 'constant')
          setLearningRate(
            optimizer,
            scheduledLearningRate(schedule, baseRate, epoch * batchesPerEpoch + b, plannedBatches),
          );
        const [ls, cs] = withSeededRandom(stepRng, () =>
          tf.tidy(() => {
            const held: { loss?: Tensor; correct?: Tensor } = {};
            const cost = optimizer.minimize(
              () => {
                const pred = model.apply(x, { training: true }) as Tensor;
                const units = pred.shape[pred.shape.length - 1] ?? 1;
                lossFn ??= modelLoss(model, units);
                const summed = batchLossSum(lossFn, y, pred);
                held.loss = tf.keep(summed);
                if (opts.reconstruction) held.correct = tf.keep(tf.scalar(0, 'int32'));
                else {
                  const { predicted, truth } = classesOf(pred, y);
                  held.correct = tf.keep(tf.sum(tf.cast(tf.equal(predicted, truth), 'int32')));
                }
                let total = tf.div(summed, idx.length) as Scalar;
                const reg = internals.calculateLosses?.() ?? [];
                if (reg.length > 0) total = tf.add(total, tf.addN(reg)) as Scalar;
                return total;
              },
              true,
              vars,
            );
            cost?.dispose();
            const newLoss = tf.add(lossSum, held.loss!);
            const newCorrect = tf.add(correctSum, held.correct!);
            tf.dispose([held.loss!, held.correct!]);
            return [newLoss, newCorrect] as const;
          }),
        );
        lossSum.dispose();
        correctSum.dispose();
        lossSum = ls;
        correctSum = cs;
      } finally {
        tf.dispose([batch.x, x, y]);
      }
      trainMs += performance.now() - s0;
      seen += idx.length;
      batches++;
      totalBatches++;
      examples += idx.length;
      if (opts.onBatchEnd) await opts.onBatchEnd({ epoch, batch: b, batchesInEpoch: batchesPerEpoch, totalBatches });
      await nextTick();
    }
    const [lv, cv] = await Promise.all([lossSum.data(), correctSum.data()]);
    tf.dispose([lossSum, correctSum]);
    const partial = stopped !== null;
    const log: EpochLog = {
      epoch,
      loss: seen > 0 ? lv[0] / seen : Number.NaN,
      accuracy: seen > 0 && !opts.reconstruction ? cv[0] / seen : Number.NaN,
      seconds: 0,
      examplesPerSecond: trainMs > 0 ? (seen * 1000) / trainMs : 0,
      batches,
      partial,
    };
    if (!partial && val && val.size > 0) {
      const valOpts = { batchSize: opts.validationBatchSize ?? Math.max(opts.batchSize, 256), signal: opts.signal };
      const aborted = (err: unknown) => {
        if (opts.signal?.aborted) return null;
        throw err;
      };
      if (opts.reconstruction) {
        const v = await evaluateReconstruction(model, val, valOpts).catch(aborted);
        if (v) log.valLoss = v.count > 0 ? v.sum / v.count : Number.NaN;
        else stopped = 'aborted';
      } else {
        const v = await evaluate(model, val, valOpts).catch(aborted);
        if (v) {
          log.valLoss = v.loss;
          log.valAccuracy = v.accuracy;
        } else {
          stopped = 'aborted';
        }
      }
    }
    log.seconds = (performance.now() - e0) / 1000;
    if (batches > 0) {
      history.push(log);
      if (opts.onEpochEnd) await opts.onEpochEnd(log);
    }
    if (stopped) {
      stopReason = stopped;
      break epochs;
    }
    // A budget spent during validation stops before the next epoch starts.
    if (epoch + 1 < opts.epochs) {
      const s = stopCheck();
      if (s) {
        stopReason = s;
        break epochs;
      }
    }
  }
  const epochsCompleted = history.filter((h) => !h.partial).length;
  const seconds = (performance.now() - t0) / 1000;
  const extra =
    history.length > 0 && history[history.length - 1].partial
      ? ` + ${history[history.length - 1].batches} batches`
      : '';
  const done = `${epochsCompleted} epoch${epochsCompleted === 1 ? '' : 's'}${extra} (${totalBatches} batches, ${seconds.toFixed(1)} s)`;
  const message =
    stopReason === 'completed'
      ? `completed ${done}`
      : stopReason === 'budget'
        ? `stopped by the ${((opts.budgetMs ?? 0) / 1000).toFixed(0)} s budget after ${done}`
        : stopReason === 'aborted'
          ? `cancelled after ${done}`
          : `stopped at the batch limit after ${done}`;
  return { history, stopReason, epochsCompleted, batches: totalBatches, examples, seconds, message };
}
