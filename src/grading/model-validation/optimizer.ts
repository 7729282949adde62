/**
 * compile.optimizer: which optimizers, which options and ranges, Keras spellings mapped to
 * tfjs names. Split from model-validation.ts, which calls checkOptimizer().
 */
import { isObject, refuse, show, type Json, type Refusal } from './refusal.js';

export const ALLOWED_OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof ALLOWED_OPTIMIZERS)[number];

/** Inclusive learning-rate range for every optimizer. */
export const LEARNING_RATE_RANGE = { min: 1e-6, max: 1 } as const;

/** Default learning rates (tfjs / Keras defaults). */
const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = {
  sgd: 0.01,
  momentum: 0.01,
  adam: 0.001,
  adamax: 0.002,
  rmsprop: 0.001,
  adagrad: 0.01,
  adadelta: 0.001,
};

type OptionRange =
  | { kind: 'fraction' }
  | { kind: 'positive'; max: number }
  | { kind: 'boolean' }
  | { kind: 'range'; min: number; max: number };

/** Options each optimizer accepts beyond learningRate (tfjs names; Keras names are mapped). */
const OPTIMIZER_OPTIONS: Record<OptimizerName, Record<string, OptionRange>> = {
  sgd: {},
  momentum: { momentum: { kind: 'fraction' }, useNesterov: { kind: 'boolean' } },
  adam: { beta1: { kind: 'fraction' }, beta2: { kind: 'fraction' }, epsilon: { kind: 'positive', max: 1 } },
  adamax: {
    beta1: { kind: 'fraction' },
    beta2: { kind: 'fraction' },
    epsilon: { kind: 'positive', max: 1 },
    decay: { kind: 'fraction' },
  },
  rmsprop: {
    decay: { kind: 'fraction' },
    momentum: { kind: 'fraction' },
    epsilon: { kind: 'positive', max: 1 },
    centered: { kind: 'boolean' },
  },
  adagrad: { initialAccumulatorValue: { kind: 'range', min: 0, max: 10 } },
  adadelta: { rho: { kind: 'fraction' }, epsilon: { kind: 'positive', max: 1 } },
};

/** Keras spellings of optimizer options. */
const OPTION_ALIASES: Record<string, string> = {
  learning_rate: 'learningRate',
  lr: 'learningRate',
  beta_1: 'beta1',
  beta_2: 'beta2',
  nesterov: 'useNesterov',
  use_nesterov: 'useNesterov',
  initial_accumulator_value: 'initialAccumulatorValue',
};

/**
 * Keras `get_config()` bookkeeping keys, accepted when they ask for nothing (null, false, or a
 * name) so a copied Keras config is not refused for them.
 */
const IGNORED_WHEN_INERT = new Set([
  'name',
  'jit_compile',
  'is_legacy_optimizer',
  'use_ema',
  'ema_momentum',
  'ema_overwrite_frequency',
  'weight_decay',
  'clipnorm',
  'clipvalue',
  'global_clipnorm',
  'amsgrad',
  'loss_scale_factor',
  'gradient_accumulation_steps',
]);

export interface NormalisedOptimizer {
  name: OptimizerName;
  learningRate: number;
  momentum?: number;
  useNesterov?: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  decay?: number;
  centered?: boolean;
  initialAccumulatorValue?: number;
  rho?: number;
}

export function normaliseName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function checkOptimizer(raw: unknown, refusals: Refusal[]): NormalisedOptimizer | undefined {
  const path = 'compile.optimizer';
  const allowed = ALLOWED_OPTIMIZERS.join(', ');
  let nameRaw: unknown;
  let options: Json = {};
  if (typeof raw === 'string') nameRaw = raw;
  else if (isObject(raw)) {
    nameRaw = raw.name ?? raw.className ?? raw.class_name;
    const { name, className, class_name, config, ...rest } = raw;
    void name;
    void className;
    void class_name;
    options = { ...(isObject(config) ? config : {}), ...rest };
  } else {
    refuse(refusals, path, `missing; give a name (one of ${allowed}) or { name, learningRate }`);
    return undefined;
  }
  if (typeof nameRaw !== 'string') {
    refuse(refusals, path, `no optimizer name; use one of ${allowed}`);
    return undefined;
  }
  let name = normaliseName(nameRaw) as OptimizerName;
  if (!(ALLOWED_OPTIMIZERS as readonly string[]).includes(name)) {
    refuse(refusals, `${path}.name`, `optimizer "${nameRaw}" is not allowed; allowed: ${allowed}`);
    return undefined;
  }
  // Rename Keras spellings; drop inert Keras bookkeeping.
  const given: Json = {};
  for (const [key, value] of Object.entries(options)) {
    if (IGNORED_WHEN_INERT.has(key) && (value === null || value === false || value === undefined || key === 'name'))
      continue;
    given[OPTION_ALIASES[key] ?? key] = value;
  }
  // Keras' SGD with momentum is tfjs's momentum optimizer; Keras' RMSprop calls decay "rho".
  if (name === 'sgd' && ((typeof given.momentum === 'number' && given.momentum > 0) || given.useNesterov === true))
    name = 'momentum';
  else if (name === 'sgd' && (given.momentum === 0 || given.useNesterov === false)) {
    delete given.momentum;
    delete given.useNesterov;
  }
  if (name === 'rmsprop' && 'rho' in given && !('decay' in given)) {
    given.decay = given.rho;
    delete given.rho;
  }

  const result: NormalisedOptimizer = { name, learningRate: DEFAULT_LEARNING_RATE[name] };
  if (name === 'momentum') result.momentum = 0.9;
  const lr = given.learningRate;
  delete given.learningRate;
  if (lr !== undefined) {
    if (
      typeof lr !== 'number' ||
      !Number.isFinite(lr) ||
      lr < LEARNING_RATE_RANGE.min ||
      lr > LEARNING_RATE_RANGE.max
    ) {
      refuse(
        refusals,
        `${path}.learningRate`,
        `${show(lr)} is outside the allowed range [${LEARNING_RATE_RANGE.min}, ${LEARNING_RATE_RANGE.max}]`,
      );
    } else result.learningRate = lr;
  }
  const spec = OPTIMIZER_OPTIONS[name];
  for (const [key, value] of Object.entries(given)) {
    const range = spec[key];
    const optionPath = `${path}.${key}`;
    if (!range) {
      const known = ['learningRate', ...Object.keys(spec)].join(', ');
      refuse(refusals, optionPath, `"${name}" takes no option "${key}"; its options: ${known}`);
      continue;
    }
    if (range.kind === 'boolean') {
      if (typeof value !== 'boolean') refuse(refusals, optionPath, `${show(value)} must be true or false`);
      else (result as unknown as Json)[key] = value;
      continue;
    }
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (range.kind === 'fraction'
        ? value >= 0 && value < 1
        : range.kind === 'positive'
          ? value > 0 && value <= range.max
          : value >= range.min && value <= range.max);
    if (!ok) {
      const want =
        range.kind === 'fraction'
          ? '[0, 1)'
          : range.kind === 'positive'
            ? `(0, ${range.max}]`
            : `[${range.min}, ${range.max}]`;
      refuse(refusals, optionPath, `${show(value)} is outside the allowed range ${want}`);
    } else (result as unknown as Json)[key] = value;
  }
  return result;
}
