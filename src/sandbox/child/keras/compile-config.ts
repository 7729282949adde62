/**
 * Keras 3's `compile_config` (what `model.compile(...)` recorded, written by `to_json()` and into
 * a `.keras` archive's config.json) → the `compile` object the validator reads. Names stay as
 * Keras wrote them (`sparse_categorical_crossentropy`, `learning_rate`, `beta_1`): the validator
 * reads Keras spellings. Only Keras 3's serialisation wrapping and its inert bookkeeping are
 * removed here; ranges and allowed names are the validator's job.
 */
import { isObject, type Json, type Refusals } from './refusals.js';

/** Keras' optimizer bookkeeping that asks for nothing when exponential moving averages are off. */
const EMA_KEYS = ['ema_momentum', 'ema_overwrite_frequency'];
/** compile() arguments about how Keras runs, not what is trained. */
const RUNTIME_KEYS = ['run_eagerly', 'steps_per_execution', 'jit_compile', 'auto_scale_loss'];

/** `{}` and null mean "never compiled" (Keras 3 writes either, depending on its version). */
export function hasCompileConfig(raw: unknown): raw is Json {
  return isObject(raw) && Object.keys(raw).length > 0;
}

export function compileFromKeras(raw: Json, refusals: Refusals, from = 'compile_config'): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = `${from}.${key}`;
    if (key === 'optimizer') out.optimizer = optimizer(value);
    else if (key === 'loss') out.loss = loss(value, path, refusals);
    else if (key === 'metrics') {
      if (value !== null) out.metrics = (Array.isArray(value) ? value : [value]).map(className);
    } else if (RUNTIME_KEYS.includes(key)) continue;
    else if (value !== null) out[key] = value; // loss_weights, weighted_metrics: the validator refuses them by name
  }
  return out;
}

function className(value: unknown): unknown {
  return isObject(value) && typeof value.class_name === 'string' ? value.class_name : value;
}

function optimizer(value: unknown): unknown {
  if (!isObject(value) || !isObject(value.config)) return value;
  const config: Json = { ...value.config };
  delete config.name;
  if (config.use_ema === false) for (const key of EMA_KEYS) delete config[key];
  if (typeof config.learning_rate === 'number') config.learning_rate = shortestFloat32(config.learning_rate);
  return { name: value.class_name, ...config };
}

/**
 * Keras 3 writes the learning rate from a float32 variable (0.001 as 0.0010000000474974513):
 * the shortest decimal with the same float32 value, which trains identically (tfjs computes in
 * float32) and reads as what the candidate wrote.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || Math.fround(value) !== value) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return short;
  }
  return value;
}

function loss(value: unknown, path: string, refusals: Refusals): unknown {
  if (!isObject(value)) return value;
  const config = isObject(value.config) ? value.config : {};
  if (config.from_logits === true)
    refusals.add(
      `${path}.from_logits`,
      'losses on logits are not supported; end the model with a softmax (or sigmoid) activation and use from_logits=False',
    );
  return value.class_name;
}
