/**
 * Pipeline steps 3 and 4: train a validated plan on the real data set, then evaluate it on
 * the held-out test split.
 *
 *   const prepared = await prepareSubmission(request, budget);      // steps 1 + 2
 *   if (prepared.ok) {
 *     const result = await trainPlan({ plan: prepared.plan, dataset, task, budget, signal, onEpoch, onProgress });
 *     // result.history (per epoch), result.evaluation (accuracy + Wilson 95 % interval,
 *     // per-class accuracy, confusion matrix), result.stopReason / stopMessage
 *   }
 *
 * - The engine is started once per process with `initEngine()` (tfjs-node(-gpu) when
 *   installed, else wasm); the pure-JS cpu backend is never used for real data.
 * - Each data set is read from the prepared cache once per process and kept (uint8 pixels,
 *   int32 token ids); padded IMDb sequences are kept per (vocabSize, seqLen). The test labels
 *   are only read here, on the host, never handed to candidate code.
 * - The model is rebuilt from the validated topology with every initializer seeded, compiled
 *   with the validated optimizer and loss, trained with the project's fit loop within
 *   min(plan epochs, budget epochs) and the wall-clock budget, evaluated, and then disposed
 *   with its optimizer: `tf.memory().numTensors` is back where it started.
 * - The training examples are put in a seeded random order once before training, so the
 *   plan's `validationSplit` (the last fraction, as Keras does) is a random hold-out even
 *   though the IMDb cache stores negatives before positives.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import {
  balancedIndices,
  IMDB_CLASSES,
  loadCifar10,
  loadImdb,
  padSequences,
  type DatasetName,
  type ImageSplit,
  type VerifyMode,
} from '../../datasets/index.js';
import type { ModelTask } from '../../sandbox/sandbox.types.js';
import type { TrainEvaluation } from '../../training/train-result.js';
import { initEngine, type EngineInfo, type InitEngineOptions } from '../../training/engine.js';
import { meanInterval, wilsonInterval } from '../../training/evaluate.js';
import { EVAL_CHUNK, evaluateInChunks, evaluateReconstructionInChunks } from './evaluate-chunks.js';
import { fit, type EpochLog, type StopReason } from '../../training/fit.js';
import { mulberry32, seedModelJSON, shuffleInPlace } from '../../training/seed.js';
import {
  imageSource,
  reconstructionSource,
  sequenceSource,
  subsetSource,
  type BatchSource,
} from '../../training/sources.js';
import type { NormalisedOptimizer, ValidatedPlan } from '../model-validation/model-validation.js';

export type { EpochLog, StopReason } from '../../training/fit.js';
export type { TrainEvaluation } from '../../training/train-result.js';

/** A data set a plan trains on. */
export type TrainDataset = DatasetName;

export interface TrainBudget {
  maxEpochs: number;
  wallClockSeconds: number;
  /** Train on a class-balanced subset of this many training examples (seeded). */
  trainSubset?: number;
  /** Evaluate on a class-balanced subset of this many test examples (seeded). */
  testSubset?: number;
  /**
   * Also measure the final train accuracy, after training and in inference mode like the test
   * accuracy, on as many training examples as the test split has (the first of the shuffled
   * training part, never the validation split, never augmented). For graders that read the
   * gap between train and test accuracy.
   */
  measureTrainAccuracy?: boolean;
}

export interface TrainProgress {
  stage: 'train' | 'evaluate';
  epoch: number;
  batch: number;
  batchesInEpoch: number;
}

export interface TrainPlanRequest {
  /** From prepareSubmission. */
  plan: ValidatedPlan;
  dataset: TrainDataset;
  /** inputShape, numClasses, vocabSize?, seqLen?, output? */
  task: ModelTask;
  budget: TrainBudget;
  /** Seeds initial weights, data order, dropout and subsets. Default DEFAULT_TRAIN_SEED. */
  seed?: number;
  /** Cancellation: training stops between batches and the result has stopReason 'aborted'. */
  signal?: AbortSignal;
  onEpoch?: (e: EpochLog) => void | Promise<void>;
  /** Throttled to at most two calls a second (plus the first batch of each stage). */
  onProgress?: (p: TrainProgress) => void;
}

export interface TrainPlanResult {
  /** e.g. 'wasm (SIMD, 1 thread)'. */
  engine: string;
  history: EpochLog[];
  stopReason: StopReason;
  stopMessage: string;
  trainingSeconds: number;
  evaluation: TrainEvaluation;
  trainExamples: number;
  testExamples: number;
}

export const DEFAULT_TRAIN_SEED = 1234;

/** Minimum time between two onProgress calls. */
const PROGRESS_INTERVAL_MS = 500;

// ---------------------------------------------------------------------------
// Data, loaded once per process.

/** What training reads: the splits of one data set, already in the engine's input form. */
export interface TrainingData {
  train: BatchSourceFactory;
  test: BatchSourceFactory;
  classNames: string[];
}

/** Makes a batch source with the label encoding the plan asks for. */
export type BatchSourceFactory = { size: number; labels: ArrayLike<number>; make(labels: LabelForm): BatchSource };

/** Label tensors fed to the model. 'index' is only used internally (sparse losses are trained as one-hot). */
type LabelForm = 'onehot' | 'binary';

export function imageData(split: ImageSplit): BatchSourceFactory {
  return {
    size: split.count,
    labels: split.labels,
    make: (form) => {
      if (form === 'binary') throw new Error('binary labels need a two-class data set; CIFAR-10 has 10 classes');
      return imageSource({
        images: split.images,
        labels: split.labels,
        count: split.count,
        height: split.height,
        width: split.width,
        channels: split.channels,
        numClasses: split.numClasses,
      });
    },
  };
}

export function sequenceData(ids: Int32Array, seqLen: number, labels: Uint8Array, numClasses = 2): BatchSourceFactory {
  const count = labels.length;
  return {
    size: count,
    labels,
    make: (form) =>
      sequenceSource({ ids, seqLen, labels, count, numClasses, labelMode: form === 'binary' ? 'binary' : 'onehot' }),
  };
}

let cifarPromise: Promise<Awaited<ReturnType<typeof loadCifar10>>> | null = null;
let imdbPromise: Promise<Awaited<ReturnType<typeof loadImdb>>> | null = null;
const paddedImdb = new Map<string, { train: Int32Array; test: Int32Array }>();
let cacheVerification: VerifyMode = 'once';

/**
 * How the data-set cache is checked when this process loads it. Trainer processes use 'size':
 * the worker that forks them verified every checksum at start-up, and hashing ~200 MB again
 * for each job would only repeat that.
 */
export function setCacheVerification(mode: VerifyMode): void {
  cacheVerification = mode;
}

function memo<T>(
  get: () => Promise<T> | null,
  set: (p: Promise<T> | null) => void,
  load: () => Promise<T>,
): Promise<T> {
  let p = get();
  if (!p) {
    p = load();
    set(p);
    // A failed load is not cached: the next submission tries again (e.g. after datasets:prepare).
    p.catch(() => set(null));
  }
  return p;
}

/** Loads (once per process) the data set a task trains on. */
export async function loadTrainingData(dataset: TrainDataset, task: ModelTask): Promise<TrainingData> {
  if (dataset === 'cifar10') {
    const d = await memo(
      () => cifarPromise,
      (p) => (cifarPromise = p),
      () => loadCifar10({ verify: cacheVerification }),
    );
    return { train: imageData(d.train), test: imageData(d.test), classNames: d.classNames };
  }
  const vocabSize = task.vocabSize;
  const seqLen = task.seqLen ?? task.inputShape[0];
  if (!vocabSize || !seqLen) throw new Error(`the imdb task needs vocabSize and seqLen (got ${vocabSize}, ${seqLen})`);
  const d = await memo(
    () => imdbPromise,
    (p) => (imdbPromise = p),
    () => loadImdb({ verify: cacheVerification }),
  );
  const key = `${vocabSize}:${seqLen}`;
  let padded = paddedImdb.get(key);
  if (!padded) {
    padded = { train: padSequences(d.train, { vocabSize, seqLen }), test: padSequences(d.test, { vocabSize, seqLen }) };
    paddedImdb.set(key, padded);
  }
  return {
    train: sequenceData(padded.train, seqLen, d.train.labels),
    test: sequenceData(padded.test, seqLen, d.test.labels),
    classNames: [...IMDB_CLASSES],
  };
}

/** Drops the cached data sets (tests; a worker keeps them for its lifetime). */
export function clearTrainingDataCache(): void {
  cifarPromise = null;
  imdbPromise = null;
  paddedImdb.clear();
}

// ---------------------------------------------------------------------------
// Engine.

let enginePromise: Promise<EngineInfo> | null = null;
let engineOptions: InitEngineOptions = {};

/**
 * Engine options for this process, before the first trainPlan (tests may pass
 * `{ prefer: 'cpu', allowCpu: true }` for tiny synthetic data; the worker never does).
 */
export function configureTrainingEngine(opts: InitEngineOptions): void {
  engineOptions = opts;
  enginePromise = null;
}

function engineInfo(): Promise<EngineInfo> {
  return memo(
    () => enginePromise,
    (p) => (enginePromise = p),
    () => initEngine(engineOptions),
  );
}

export function describeEngine(e: EngineInfo): string {
  if (e.name === 'native' && e.native)
    return `native (oneDNN ${e.native.dnnl} ${e.native.isa}, OpenBLAS, ${e.threads} thread${e.threads === 1 ? '' : 's'}; wasm SIMD for the rest)`;
  if (e.name === 'wasm')
    return `wasm (${e.simd ? 'SIMD' : 'no SIMD'}, ${e.threads === 0 ? 'multi-threaded' : `${e.threads} thread${e.threads === 1 ? '' : 's'}`})`;
  if (e.name === 'tfjs-node-gpu') return 'tfjs-node-gpu (CUDA)';
  if (e.name === 'tfjs-node') return 'tfjs-node (libtensorflow CPU)';
  return 'cpu (pure JS)';
}

// ---------------------------------------------------------------------------
// Model.

/** The tfjs optimizer for a validated, normalised optimizer config. */
export function makeOptimizer(o: NormalisedOptimizer): tf.Optimizer {
  const lr = o.learningRate;
  switch (o.name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, o.momentum ?? 0.9, o.useNesterov ?? false);
    case 'adam':
      return tf.train.adam(lr, o.beta1, o.beta2, o.epsilon);
    case 'adamax':
      return tf.train.adamax(lr, o.beta1, o.beta2, o.epsilon, o.decay);
    case 'rmsprop':
      return tf.train.rmsprop(lr, o.decay, o.momentum, o.epsilon, o.centered);
    case 'adagrad':
      return tf.train.adagrad(lr, o.initialAccumulatorValue);
    case 'adadelta':
      return tf.train.adadelta(lr, o.rho, o.epsilon);
    default: {
      const name: never = o.name;
      throw new Error(`unsupported optimizer ${String(name)}`);
    }
  }
}

/** Rebuilds the validated topology with seeded initializers (and seeded Math.random, for anything else). */
export async function buildModel(plan: ValidatedPlan, seed: number): Promise<LayersModel> {
  const topology = seedModelJSON(plan.topology, seed);
  const rng = mulberry32(seed ^ 0x5bd1e995);
  const original = Math.random;
  Math.random = rng;
  try {
    return await tfl.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  } finally {
    Math.random = original;
  }
}

/**
 * Label form for a plan. Sparse plans are trained with one-hot labels and categorical
 * cross-entropy: the same loss value and gradient as sparse categorical cross-entropy on the
 * class indices, and the form the fit loop and evaluation handle for every output.
 */
function labelForm(plan: ValidatedPlan): LabelForm {
  return plan.labels === 'binary' ? 'binary' : 'onehot';
}

function compiledLoss(plan: ValidatedPlan): string {
  return plan.compile.loss === 'sparseCategoricalCrossentropy' ? 'categoricalCrossentropy' : plan.compile.loss;
}

// ---------------------------------------------------------------------------
// Training.

function emptyEvaluation(classNames: string[]): TrainEvaluation {
  const k = classNames.length;
  return {
    count: 0,
    correct: 0,
    accuracy: Number.NaN,
    interval: { low: 0, high: 1 },
    loss: Number.NaN,
    perClassAccuracy: new Array<number>(k).fill(Number.NaN),
    confusion: Array.from({ length: k }, () => new Array<number>(k).fill(0)),
    classNames,
  };
}

/** Seeded random order of `indices` (or 0..n-1). */
function shuffledIndices(n: number, seed: number, indices?: Int32Array): Int32Array {
  const order = indices ? Int32Array.from(indices) : Int32Array.from({ length: n }, (_, i) => i);
  return shuffleInPlace(order, mulberry32(seed));
}

function labelsAsUint8(labels: ArrayLike<number>): Uint8Array {
  return labels instanceof Uint8Array ? labels : Uint8Array.from(labels as ArrayLike<number>);
}

/**
 * Trains and evaluates on explicit data (what trainPlan does after loading the cache).
 * Exposed for tests with small synthetic data sets.
 */
export async function trainPlanOn(req: TrainPlanRequest, data: TrainingData): Promise<TrainPlanResult> {
  const { plan, budget, signal } = req;
  const seed = req.seed ?? DEFAULT_TRAIN_SEED;
  const engine = await engineInfo();
  const engineName = describeEngine(engine);
  const numClasses = Math.max(2, req.task.numClasses);
  const form = labelForm(plan);
  // An autoencoder's targets are its inputs.
  const reconstruction = plan.labels === 'input';
  const make = (f: BatchSourceFactory) => (reconstruction ? reconstructionSource(f.make(form)) : f.make(form));

  // Training examples: an optional class-balanced subset, in a seeded random order.
  const trainLabels = labelsAsUint8(data.train.labels);
  const trainPick =
    budget.trainSubset && budget.trainSubset < data.train.size
      ? balancedIndices(trainLabels, numClasses, budget.trainSubset, seed)
      : undefined;
  const trainOrder = shuffledIndices(data.train.size, seed + 1, trainPick);
  const trainSource = subsetSource(make(data.train), trainOrder);

  // Test examples: the whole split, or a class-balanced subset (ascending order; order does not matter).
  const testLabels = labelsAsUint8(data.test.labels);
  const testFull = make(data.test);
  const testSource =
    budget.testSubset && budget.testSubset < data.test.size
      ? subsetSource(testFull, balancedIndices(testLabels, numClasses, budget.testSubset, seed + 2))
      : testFull;

  const epochs = Math.max(0, Math.min(plan.fit.epochs, budget.maxEpochs));
  const wallSeconds = Math.min(plan.wallClockSeconds ?? budget.wallClockSeconds, budget.wallClockSeconds);
  const validationSplit = plan.fit.validationSplit;
  const trainExamples = trainSource.size - Math.floor(trainSource.size * (validationSplit > 0 ? validationSplit : 0));

  let lastProgress = -Infinity;
  let lastStage: TrainProgress['stage'] | null = null;
  const progress = (p: TrainProgress) => {
    if (!req.onProgress) return;
    const now = performance.now();
    if (p.stage === lastStage && now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
    lastStage = p.stage;
    try {
      req.onProgress(p);
    } catch {
      // A progress listener must not break training.
    }
  };

  if (signal?.aborted) {
    return {
      engine: engineName,
      history: [],
      stopReason: 'aborted',
      stopMessage: 'cancelled before training started',
      trainingSeconds: 0,
      evaluation: emptyEvaluation(data.classNames),
      trainExamples: 0,
      testExamples: 0,
    };
  }

  let model: LayersModel | null = null;
  let optimizer: tf.Optimizer | null = null;
  try {
    model = await buildModel(plan, seed);
    optimizer = makeOptimizer(plan.compile.optimizer);
    model.compile({ optimizer, loss: compiledLoss(plan), metrics: ['accuracy'] });

    const fitted = await fit(model, trainSource, {
      epochs,
      batchSize: plan.fit.batchSize,
      validationSplit: validationSplit > 0 ? validationSplit : undefined,
      // Training batches only: fit carves the validation split out first; the test split never reaches fit.
      augment: plan.fit.augment,
      learningRateSchedule: plan.fit.learningRateSchedule,
      reconstruction,
      seed,
      budgetMs: wallSeconds * 1000,
      signal,
      onEpochEnd: req.onEpoch,
      onBatchEnd: ({ epoch, batch, batchesInEpoch }) =>
        progress({ stage: 'train', epoch, batch: batch + 1, batchesInEpoch }),
    });

    let evaluation = emptyEvaluation(data.classNames);
    let stopReason = fitted.stopReason;
    let stopMessage = fitted.message;
    if (stopReason !== 'aborted') {
      const lastEpoch = Math.max(0, fitted.history.length - 1);
      try {
        if (reconstruction) {
          const r = await evaluateReconstructionInChunks(
            model,
            testSource,
            Math.max(256, plan.fit.batchSize),
            signal,
            (batch, batches) => progress({ stage: 'evaluate', epoch: lastEpoch, batch, batchesInEpoch: batches }),
          );
          const m = meanInterval(r);
          evaluation = {
            ...evaluation,
            count: r.count,
            loss: m.mean,
            perClassAccuracy: [],
            confusion: [],
            reconstruction: { count: r.count, mse: m.mean, interval: { low: m.low, high: m.high } },
          };
        }
        // The train sample (when measured) is as large as the test split: progress counts both.
        const trainSample = budget.measureTrainAccuracy ? Math.min(trainExamples, testSource.size) : 0;
        const testChunks = Math.ceil(testSource.size / EVAL_CHUNK);
        const chunks = testChunks + Math.ceil(trainSample / EVAL_CHUNK);
        const evalBatch = Math.max(256, plan.fit.batchSize);
        const ev = reconstruction
          ? undefined
          : await evaluateInChunks(model, testSource, numClasses, evalBatch, signal, (batch) =>
              progress({ stage: 'evaluate', epoch: lastEpoch, batch, batchesInEpoch: chunks }),
            );
        if (ev) {
          const ci = wilsonInterval(ev.correct, ev.count);
          // Rounding can put a bound a hair on the wrong side of 0 % / 100 % accuracy.
          evaluation = {
            ...ev,
            interval: { low: Math.min(ci.low, ev.accuracy), high: Math.max(ci.high, ev.accuracy) },
            classNames: data.classNames,
          };
        }
        if (trainSample > 0 && !reconstruction) {
          // The training part's first examples: trainSource is already in a seeded random order
          // and fit carves the validation split from its end. Inference mode, no augmentation.
          const part = subsetSource(
            trainSource,
            Int32Array.from({ length: trainSample }, (_, i) => i),
          );
          const tr = await evaluateInChunks(model, part, numClasses, evalBatch, signal, (batch) =>
            progress({ stage: 'evaluate', epoch: lastEpoch, batch: testChunks + batch, batchesInEpoch: chunks }),
          );
          const tci = wilsonInterval(tr.correct, tr.count);
          evaluation.train = {
            count: tr.count,
            correct: tr.correct,
            accuracy: tr.accuracy,
            interval: { low: Math.min(tci.low, tr.accuracy), high: Math.max(tci.high, tr.accuracy) },
          };
        }
        progress({ stage: 'evaluate', epoch: lastEpoch, batch: chunks, batchesInEpoch: chunks });
      } catch (err) {
        if (!signal?.aborted) throw err;
        stopReason = 'aborted';
        stopMessage = `${fitted.message}; cancelled during the evaluation`;
      }
    }
    return {
      engine: engineName,
      history: fitted.history,
      stopReason,
      stopMessage,
      trainingSeconds: fitted.seconds,
      evaluation,
      trainExamples,
      testExamples: evaluation.count,
    };
  } finally {
    model?.dispose();
    optimizer?.dispose();
  }
}

/** Trains `req.plan` on the real data set (loaded from the cache once per process) and evaluates it. */
export async function trainPlan(req: TrainPlanRequest): Promise<TrainPlanResult> {
  // The engine first: the data set is large, and a missing engine should fail fast.
  await engineInfo();
  const data = await loadTrainingData(req.dataset, req.task);
  return trainPlanOn(req, data);
}
