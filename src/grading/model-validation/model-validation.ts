/**
 * Pipeline step 2: check a sandbox-built model and its training plan against the task and
 * the exercise's budget, before any weight is allocated for training.
 *
 *   const result = validateModel(outcome, task, budget);   // outcome: a SandboxSuccess
 *   if (!result.ok) → candidate error; show formatRefusals(result.refusals)
 *   else            → result.plan: topology + normalised compile/fit + label encoding
 *
 * Pure functions over JSON: no tfjs, no allocation proportional to the model. The layer
 * classes are read from the topology (walking nested configs: Bidirectional, TimeDistributed,
 * nested models); parameter counts and input/output shapes come from the sandbox's trusted
 * analysis isolate (`outcome.params`, `outcome.inputShapes`, `outcome.outputShapes`).
 *
 * Each refusal names the layer or field and the limit, e.g.
 *   layers[3] (lambda): layer class "Lambda" is not allowed; allowed: Dense, Conv2D, …
 *   fit.epochs: 40 is over this exercise's limit of 5
 *
 * Output rules: a task with numClasses > 2 needs numClasses units with softmax and loss
 * sparseCategoricalCrossentropy (integer labels) or categoricalCrossentropy (one-hot labels).
 * A binary task (numClasses = 2) also accepts 1 unit with sigmoid and binaryCrossentropy.
 * An exercise can insist on one form with `task.output` ('softmax' or 'sigmoid').
 * A reconstruction task (`task.output: 'reconstruction'`, e.g. an autoencoder) needs an output
 * of the input's own shape and meanSquaredError; its targets are the inputs (`plan.labels` 'input').
 * The chosen label encoding is returned as `plan.labels` so the trainer feeds matching labels.
 *
 * `defaults` (the exercise's trainingDefaults; prepareSubmission passes them for KERAS_JSON)
 * fill in what the plan leaves out: all of compile or fit, a missing optimizer or loss, or a
 * fit without epochs. What is given is checked exactly as when nothing is filled in.
 */
import type { JsonObject } from '../../common/json.js';
import type { TrainingDefaults } from '../../exercises/training-defaults.js';
import type { ModelParams, ModelTask, SandboxSuccess } from '../../sandbox/sandbox.types.js';
import type { ImageAugmentation } from '../../training/augment.js';
import { LEARNING_RATE_SCHEDULES, type LearningRateSchedule } from '../../training/learning-rate.js';
import { checkOptimizer, normaliseName, type NormalisedOptimizer } from './optimizer.js';
import { checkAugment } from './augment-check.js';
import { checkCodeSize, checkReconstructionOutput } from './reconstruction-checks.js';
import { fmt, isObject, refuse, show, type Json, type Refusal } from './refusal.js';

export type { Refusal } from './refusal.js';
export { ALLOWED_OPTIMIZERS, LEARNING_RATE_RANGE, type NormalisedOptimizer, type OptimizerName } from './optimizer.js';

const shape = (dims: readonly (number | null)[]): string =>
  `[${dims.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;

/** The resources an exercise allows a model. */
export interface ModelBudget {
  maxParams: number;
  maxEpochs: number;
  maxBatchSize: number;
  /** Default 1. */
  minBatchSize?: number;
  /** Training wall-clock budget; not checked here, carried for the trainer. */
  wallClockSeconds: number;
}

export const ALLOWED_LAYER_CLASSES = [
  'Dense',
  'Conv2D',
  'SeparableConv2D',
  'DepthwiseConv2D',
  'Conv1D',
  'Conv2DTranspose',
  'UpSampling2D',
  'MaxPooling2D',
  'MaxPooling1D',
  'AveragePooling2D',
  'AveragePooling1D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'Flatten',
  'Dropout',
  'SpatialDropout1D',
  'BatchNormalization',
  'LayerNormalization',
  'Activation',
  'ReLU',
  'Reshape',
  'Embedding',
  'LSTM',
  'GRU',
  'SimpleRNN',
  'Bidirectional',
  'InputLayer',
  'Add',
  'Concatenate',
  'Rescaling',
] as const;

/** Model containers: the top level, or a model used as a layer. */
export const ALLOWED_MODEL_CLASSES = ['Sequential', 'Model', 'Functional'] as const;

/** What Bidirectional may wrap. */
export const BIDIRECTIONAL_WRAPPABLE = ['LSTM', 'GRU', 'SimpleRNN'] as const;

export const ALLOWED_LOSSES = [
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  /** Reconstruction tasks only (task.output 'reconstruction'): the model reproduces its input. */
  'meanSquaredError',
] as const;
export type LossName = (typeof ALLOWED_LOSSES)[number];

/** Largest validation split (exclusive). */
export const MAX_VALIDATION_SPLIT = 0.5;

/** Batch size when the plan gives none (Keras' default), capped by the budget. */
export const DEFAULT_BATCH_SIZE = 32;

/** How the trainer must encode labels for the chosen loss; 'input': the targets are the inputs (reconstruction). */
export type LabelEncoding = 'sparse' | 'one-hot' | 'binary' | 'input';

/** What training needs, all checked. */
export interface ValidatedPlan {
  /** The topology to pass to `tf.models.modelFromJSON`. */
  topology: JsonObject;
  params: ModelParams;
  compile: { optimizer: NormalisedOptimizer; loss: LossName; metrics: ['accuracy'] };
  fit: {
    epochs: number;
    batchSize: number;
    validationSplit: number;
    augment?: ImageAugmentation;
    /** Only when not constant. */
    learningRateSchedule?: LearningRateSchedule;
  };
  labels: LabelEncoding;
  /** Units of the output layer (numClasses, or 1 for a sigmoid binary output). */
  outputUnits: number;
  /** Carried from the budget for the trainer. */
  wallClockSeconds: number;
}

export type ValidationResult = { ok: true; plan: ValidatedPlan } | { ok: false; refusals: Refusal[] };

/** A layer found in the topology, with where it sits. */
export interface TopologyLayer {
  /** e.g. `layers[3]`, `layers[1].layer`, `layers[2].layers[0]`. */
  path: string;
  name: string;
  className: string;
  config: Record<string, unknown>;
}

/** Keys of a layer config that hold other layers. */
const NESTED_LAYER_KEYS = ['layer', 'cell', 'forward_layer', 'backward_layer'] as const;
const NESTED_LAYER_LIST_KEYS = ['layers', 'cells'] as const;

/**
 * Every layer of a topology, depth first, including those nested in wrappers and in models
 * used as layers. Accepts tfjs's `toJSON()` and Keras' `to_json()` shapes (Sequential configs
 * as `{ layers: [...] }` or, from old Keras, a bare array).
 */
export function listTopologyLayers(topology: unknown): TopologyLayer[] {
  const out: TopologyLayer[] = [];
  const visitList = (list: unknown, prefix: string, depth: number) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, i) => visitLayer(entry, `${prefix}[${i}]`, depth));
  };
  const visitLayer = (entry: unknown, path: string, depth: number) => {
    if (!isObject(entry) || depth > 32) return;
    const className =
      typeof entry.class_name === 'string'
        ? entry.class_name
        : typeof entry.className === 'string'
          ? entry.className
          : '(none)';
    const config = isObject(entry.config) ? entry.config : {};
    const name = typeof config.name === 'string' ? config.name : typeof entry.name === 'string' ? entry.name : '?';
    out.push({ path, name, className, config });
    visitChildren(entry.config, path, depth + 1);
  };
  const visitChildren = (config: unknown, path: string, depth: number) => {
    if (Array.isArray(config)) {
      visitList(config, path ? `${path}.layers` : 'layers', depth);
      return;
    }
    if (!isObject(config)) return;
    for (const key of NESTED_LAYER_KEYS) if (isObject(config[key])) visitLayer(config[key], `${path}.${key}`, depth);
    for (const key of NESTED_LAYER_LIST_KEYS) visitList(config[key], path ? `${path}.${key}` : key, depth);
  };
  if (isObject(topology)) visitChildren(topology.config, '', 0);
  return out;
}

function topLevelLayers(all: TopologyLayer[]): TopologyLayer[] {
  return all.filter((l) => /^layers\[\d+\]$/.test(l.path));
}

const allowedLayerSet = new Set<string>(ALLOWED_LAYER_CLASSES);
const allowedModelSet = new Set<string>(ALLOWED_MODEL_CLASSES);

function checkLayers(topology: Json, task: ModelTask, refusals: Refusal[]): TopologyLayer[] {
  const topClass = typeof topology.class_name === 'string' ? topology.class_name : '(none)';
  if (!allowedModelSet.has(topClass)) {
    refuse(refusals, 'model', `model class "${topClass}" is not allowed; use a Sequential or functional model`);
  }
  const layers = listTopologyLayers(topology);
  if (layers.length === 0) refuse(refusals, 'model', 'the topology lists no layers');
  const allowedList = ALLOWED_LAYER_CLASSES.join(', ');
  for (const layer of layers) {
    const where = `${layer.path} (${layer.name})`;
    if (allowedModelSet.has(layer.className)) continue;
    if (!allowedLayerSet.has(layer.className)) {
      refuse(refusals, where, `layer class "${layer.className}" is not allowed; allowed: ${allowedList}`);
      continue;
    }
    if (layer.className === 'Bidirectional') {
      const wrapped = isObject(layer.config.layer) ? layer.config.layer : undefined;
      const wrappedClass = wrapped && typeof wrapped.class_name === 'string' ? wrapped.class_name : '(none)';
      if (!(BIDIRECTIONAL_WRAPPABLE as readonly string[]).includes(wrappedClass)) {
        refuse(
          refusals,
          where,
          `Bidirectional can wrap only ${BIDIRECTIONAL_WRAPPABLE.join(', ')}; it wraps "${wrappedClass}"`,
        );
      }
    }
    if (layer.className === 'Dropout' || layer.className === 'SpatialDropout1D') {
      const rate = layer.config.rate;
      if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
        refuse(refusals, where, `dropout rate ${show(rate)} is outside [0, 1)`);
    }
    if (layer.className === 'Embedding' && task.vocabSize !== undefined) {
      const inputDim = layer.config.input_dim;
      if (typeof inputDim === 'number' && inputDim < task.vocabSize) {
        refuse(
          refusals,
          where,
          `input_dim ${fmt(inputDim)} is smaller than this task's vocabulary of ${fmt(task.vocabSize)} token ids; set inputDim to at least ${fmt(task.vocabSize)}`,
        );
      }
    }
  }
  return layers;
}

function outputLayer(topology: Json, layers: TopologyLayer[]): TopologyLayer | undefined {
  const top = topLevelLayers(layers);
  const config = isObject(topology.config) ? topology.config : undefined;
  const outputs = config?.output_layers;
  if (Array.isArray(outputs) && Array.isArray(outputs[0]) && typeof outputs[0][0] === 'string') {
    const name = outputs[0][0];
    return top.find((l) => l.name === name);
  }
  return top[top.length - 1];
}

function activationOf(layer: TopologyLayer | undefined): string {
  if (!layer) return 'linear';
  const a = layer.config.activation;
  if (typeof a === 'string') return a;
  if (layer.className === 'ReLU') return 'relu';
  return 'linear';
}

interface OutputCheck {
  units: number;
  activation: 'softmax' | 'sigmoid' | 'reconstruction' | 'other';
}

function checkShapes(
  outcome: SandboxSuccess,
  topology: Json,
  layers: TopologyLayer[],
  task: ModelTask,
  refusals: Refusal[],
): OutputCheck | undefined {
  const { inputShapes, outputShapes } = outcome;
  if (inputShapes.length !== 1) {
    refuse(
      refusals,
      'input',
      `the model has ${inputShapes.length} inputs; this task gives one input of shape ${shape(task.inputShape)}`,
    );
  } else {
    const got = inputShapes[0].slice(1);
    const fits = got.length === task.inputShape.length && got.every((d, i) => d === null || d === task.inputShape[i]);
    if (!fits) {
      refuse(
        refusals,
        'input',
        `the model's input shape is ${shape(got)}; this task's inputs have shape ${shape(task.inputShape)}`,
      );
    }
  }
  if (outputShapes.length !== 1) {
    refuse(refusals, 'output', `the model has ${outputShapes.length} outputs; this task needs one`);
    return undefined;
  }
  const out = outputShapes[0].slice(1);
  const last = outputLayer(topology, layers);
  const where = `output (${last?.name ?? '?'})`;
  if (task.output === 'reconstruction') return checkReconstructionOutput(out, where, task, refusals);
  const activation = activationOf(last);
  const units = out.length === 1 && typeof out[0] === 'number' ? out[0] : undefined;
  const softmaxAllowed = task.output !== 'sigmoid';
  const sigmoidAllowed = task.numClasses === 2 && task.output !== 'softmax';
  const forms = [
    ...(softmaxAllowed ? [`${task.numClasses} units with "softmax"`] : []),
    ...(sigmoidAllowed ? ['1 unit with "sigmoid"'] : []),
  ];
  const needs = forms.join(', or ');
  if (units === undefined) {
    refuse(refusals, where, `the model's output has shape ${shape(out)}; this task needs a flat output of ${needs}`);
    return undefined;
  }
  if (softmaxAllowed && units === task.numClasses && activation === 'softmax') return { units, activation: 'softmax' };
  if (sigmoidAllowed && units === 1 && activation === 'sigmoid') return { units, activation: 'sigmoid' };
  refuse(
    refusals,
    where,
    `the model ends in ${units} unit${units === 1 ? '' : 's'} with "${activation}"; this task needs ${needs}`,
  );
  return undefined;
}

function checkParams(params: ModelParams, budget: ModelBudget, refusals: Refusal[]): void {
  if (!(params.total <= budget.maxParams)) {
    const largest = [...params.layers]
      .sort((a, b) => b.params - a.params)
      .slice(0, 3)
      .filter((l) => l.params > 0)
      .map((l) => `${l.name} ${fmt(l.params)}`)
      .join(', ');
    refuse(
      refusals,
      'parameters',
      `the model has ${fmt(params.total)} parameters; this exercise allows at most ${fmt(budget.maxParams)}${largest ? ` (largest layers: ${largest})` : ''}`,
    );
  }
}

const LABELS_BY_LOSS: Record<LossName, LabelEncoding> = {
  meanSquaredError: 'input',
  binaryCrossentropy: 'binary',
  categoricalCrossentropy: 'one-hot',
  sparseCategoricalCrossentropy: 'sparse',
};

const LOSS_BY_KEY: Record<string, LossName> = {
  categoricalcrossentropy: 'categoricalCrossentropy',
  sparsecategoricalcrossentropy: 'sparseCategoricalCrossentropy',
  binarycrossentropy: 'binaryCrossentropy',
  meansquarederror: 'meanSquaredError',
  mse: 'meanSquaredError',
};

function checkLoss(
  raw: unknown,
  output: OutputCheck | undefined,
  refusals: Refusal[],
): { loss: LossName; labels: LabelEncoding } | undefined {
  const path = 'compile.loss';
  if (typeof raw !== 'string') {
    refuse(
      refusals,
      path,
      `${raw === undefined ? 'missing' : `${show(raw)} is not a loss name`}; allowed: ${ALLOWED_LOSSES.join(', ')}`,
    );
    return undefined;
  }
  const loss = LOSS_BY_KEY[normaliseName(raw)];
  if (!loss) {
    refuse(refusals, path, `loss "${raw}" is not allowed; allowed: ${ALLOWED_LOSSES.join(', ')}`);
    return undefined;
  }
  if (!output) return { loss, labels: LABELS_BY_LOSS[loss] };
  if (output.activation === 'reconstruction') {
    if (loss === 'meanSquaredError') return { loss, labels: 'input' };
    refuse(
      refusals,
      path,
      `"${raw}" does not fit a reconstruction task; use "meanSquaredError" (the model is graded by its mean squared error)`,
    );
    return undefined;
  }
  if (loss === 'meanSquaredError') {
    refuse(
      refusals,
      path,
      `"${raw}" is for reconstruction tasks; this task classifies, so use a cross-entropy: ${ALLOWED_LOSSES.filter((l) => l !== 'meanSquaredError').join(', ')}`,
    );
    return undefined;
  }
  if (output.activation === 'softmax') {
    if (loss === 'sparseCategoricalCrossentropy') return { loss, labels: 'sparse' };
    if (loss === 'categoricalCrossentropy') return { loss, labels: 'one-hot' };
    refuse(
      refusals,
      path,
      `"${raw}" does not fit a ${output.units}-unit softmax output; use "sparseCategoricalCrossentropy" (integer labels) or "categoricalCrossentropy" (one-hot labels)`,
    );
    return undefined;
  }
  if (loss === 'binaryCrossentropy') return { loss, labels: 'binary' };
  refuse(refusals, path, `"${raw}" does not fit a 1-unit sigmoid output; use "binaryCrossentropy"`);
  return undefined;
}

// Metrics are not computed from the plan (the grade measures what it needs); these are accepted and ignored.
const ACCURACY_NAMES = new Set([
  'mse',
  'meansquarederror',
  'accuracy',
  'acc',
  'categoricalaccuracy',
  'sparsecategoricalaccuracy',
  'binaryaccuracy',
]);

function checkMetrics(raw: unknown, refusals: Refusal[]): void {
  if (raw === undefined || raw === null) return;
  const list = Array.isArray(raw) ? raw : [raw];
  list.forEach((m, i) => {
    if (typeof m !== 'string' || !ACCURACY_NAMES.has(normaliseName(m))) {
      refuse(
        refusals,
        `compile.metrics[${i}]`,
        `${show(m)} is not supported; the grade measures what it needs, so metrics may be omitted, ["accuracy"] or ["mse"]`,
      );
    }
  });
}

const FIT_ALIASES: Record<string, string> = {
  batch_size: 'batchSize',
  validation_split: 'validationSplit',
  learning_rate_schedule: 'learningRateSchedule',
};
const FIT_IGNORED = new Set(['verbose']);

function checkFit(
  raw: unknown,
  budget: ModelBudget,
  task: ModelTask,
  refusals: Refusal[],
): ValidatedPlan['fit'] | undefined {
  if (!isObject(raw)) {
    refuse(
      refusals,
      'fit',
      'missing; return fit: { epochs, batchSize, validationSplit?, augment?, learningRateSchedule? }',
    );
    return undefined;
  }
  const given: Json = {};
  for (const [key, value] of Object.entries(raw)) {
    if (FIT_IGNORED.has(key)) continue;
    given[FIT_ALIASES[key] ?? key] = value;
  }
  const minBatch = budget.minBatchSize ?? 1;
  const fit: ValidatedPlan['fit'] = {
    epochs: 0,
    batchSize: Math.max(minBatch, Math.min(DEFAULT_BATCH_SIZE, budget.maxBatchSize)),
    validationSplit: 0,
  };
  let ok = true;
  for (const [key, value] of Object.entries(given)) {
    const path = `fit.${key}`;
    if (key === 'epochs') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        refuse(refusals, path, `${show(value)} must be a whole number of at least 1`);
        ok = false;
      } else if (value > budget.maxEpochs) {
        refuse(refusals, path, `${value} is over this exercise's limit of ${budget.maxEpochs}`);
        ok = false;
      } else fit.epochs = value;
    } else if (key === 'batchSize') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        refuse(refusals, path, `${show(value)} must be a whole number`);
        ok = false;
      } else if (value < minBatch || value > budget.maxBatchSize) {
        refuse(refusals, path, `${value} is outside this exercise's range of ${minBatch} to ${budget.maxBatchSize}`);
        ok = false;
      } else fit.batchSize = value;
    } else if (key === 'validationSplit') {
      if (typeof value !== 'number' || !(value >= 0 && value < MAX_VALIDATION_SPLIT)) {
        refuse(refusals, path, `${show(value)} is outside the allowed range [0, ${MAX_VALIDATION_SPLIT})`);
        ok = false;
      } else fit.validationSplit = value;
    } else if (key === 'augment') {
      const aug = checkAugment(value, task, refusals);
      if (aug === false) ok = false;
      else if (aug && (aug.horizontalFlip || aug.cropPadding > 0)) fit.augment = aug;
    } else if (key === 'learningRateSchedule') {
      if (!LEARNING_RATE_SCHEDULES.includes(value as LearningRateSchedule)) {
        refuse(
          refusals,
          path,
          `${show(value)} is not a schedule; give ${LEARNING_RATE_SCHEDULES.map((s) => `"${s}"`).join(' or ')}`,
        );
        ok = false;
      } else if (value !== 'constant') fit.learningRateSchedule = value as LearningRateSchedule;
    } else {
      refuse(
        refusals,
        path,
        `"${key}" is not supported; fit takes epochs, batchSize, validationSplit, augment and learningRateSchedule`,
      );
      ok = false;
    }
  }
  if (!('epochs' in given)) {
    refuse(refusals, 'fit.epochs', `missing; give a whole number from 1 to ${budget.maxEpochs}`);
    ok = false;
  }
  return ok ? fit : undefined;
}

/**
 * Checks the model and plan that the sandbox returned. Never throws on candidate data;
 * every problem found is one refusal (all are reported together).
 */
export function validateModel(
  outcome: SandboxSuccess,
  task: ModelTask,
  budget: ModelBudget,
  defaults?: TrainingDefaults,
): ValidationResult {
  const refusals: Refusal[] = [];
  const topology = isObject(outcome.topology) ? outcome.topology : {};
  const layers = checkLayers(topology, task, refusals);
  const output = checkShapes(outcome, topology, layers, task, refusals);
  checkParams(outcome.params, budget, refusals);
  checkCodeSize(outcome, task, refusals);

  const compileRaw = defaults ? withDefaultCompile(outcome.plan?.compile, defaults, output) : outcome.plan?.compile;
  const fitRaw = defaults ? withDefaultFit(outcome.plan?.fit, defaults) : outcome.plan?.fit;
  let optimizer: NormalisedOptimizer | undefined;
  let loss: { loss: LossName; labels: LabelEncoding } | undefined;
  if (!isObject(compileRaw)) {
    refuse(refusals, 'compile', 'missing; return compile: { optimizer, loss, metrics? }');
  } else {
    const { optimizer: optRaw, loss: lossRaw, metrics, ...rest } = compileRaw;
    optimizer = checkOptimizer(optRaw, refusals);
    loss = checkLoss(lossRaw, output, refusals);
    checkMetrics(metrics, refusals);
    for (const key of Object.keys(rest)) {
      refuse(refusals, `compile.${key}`, `"${key}" is not supported; compile takes optimizer, loss and metrics`);
    }
  }
  const fit = checkFit(fitRaw, budget, task, refusals);

  if (refusals.length > 0 || !optimizer || !loss || !fit || !output) {
    if (refusals.length === 0) refuse(refusals, 'model', 'the model could not be checked');
    return { ok: false, refusals };
  }
  return {
    ok: true,
    plan: {
      topology,
      params: outcome.params,
      compile: { optimizer, loss: loss.loss, metrics: ['accuracy'] },
      fit,
      labels: loss.labels,
      outputUnits: output.units,
      wallClockSeconds: budget.wallClockSeconds,
    },
  };
}

/**
 * The exercise's defaults under what the submission left out (KERAS_JSON: a bare to_json() has
 * no fit, and compile only from Keras 3's compile_config). The default loss follows the model's
 * output: binaryCrossentropy for one sigmoid unit, else the exercise's.
 */
function withDefaultCompile(raw: unknown, defaults: TrainingDefaults, output: OutputCheck | undefined): unknown {
  if (raw !== undefined && raw !== null && !isObject(raw)) return raw;
  const given = raw ?? {};
  const loss = output?.activation === 'sigmoid' ? 'binaryCrossentropy' : defaults.compile.loss;
  return {
    ...given,
    optimizer: given.optimizer ?? defaults.compile.optimizer,
    loss: given.loss ?? loss,
  };
}

function withDefaultFit(raw: unknown, defaults: TrainingDefaults): unknown {
  if (raw === undefined || raw === null) return defaults.fit;
  if (!isObject(raw) || 'epochs' in raw) return raw;
  return { ...raw, epochs: defaults.fit.epochs };
}

/** One message per line, for the candidate. */
export function formatRefusals(refusals: readonly Refusal[]): string {
  return refusals.map((r) => r.message).join('\n');
}
