/**
 * Keras' serialised helper objects (dtype policies, initializers, regularizers, constraints,
 * activations) in the form tfjs-layers 4.22 reads: Keras 2's `{ class_name, config }` with
 * tfjs's class names. Keras 3 wraps each in `{ module, class_name, config, registered_name }`
 * and spells some differently (`LecunNormal`, `L2`, a `DTypePolicy` object for a dtype).
 */
import { isObject, show, type Json, type Refusals } from './refusals.js';

/** Keras activation names → the name tfjs-layers knows (after its snake_case → camelCase pass). */
const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hard_sigmoid',
  softmax: 'softmax',
  log_softmax: 'log_softmax',
  tanh: 'tanh',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  // Keras' silu is the same function as swish.
  silu: 'swish',
  gelu: 'gelu',
  mish: 'mish',
};

export function convertActivation(raw: unknown, path: string, refusals: Refusals): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  // Keras 3 writes a custom (registered) activation as an object.
  const name = typeof raw === 'string' ? raw : isObject(raw) && typeof raw.config === 'string' ? raw.config : undefined;
  if (name !== undefined && name in ACTIVATIONS) return ACTIVATIONS[name];
  refuse(refusals, path, raw, `is not a supported activation; use one of ${Object.keys(ACTIVATIONS).join(', ')}`);
  return undefined;
}

/** Keras 3's `DTypePolicy` object or Keras 2's string → a tfjs dtype. */
export function convertDtype(raw: unknown, path: string, refusals: Refusals): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  let name: unknown = raw;
  if (isObject(raw)) name = isObject(raw.config) ? raw.config.name : raw.name;
  if (name === 'float32' || name === 'int32') return name;
  // Integer token ids: Keras often writes int64; tfjs feeds them as int32.
  if (name === 'int64') return 'int32';
  refusals.add(path, `${show(name)} is not supported: the trainer computes in float32; remove the dtype or policy`);
  return undefined;
}

const INITIALIZERS: Record<string, string> = {
  Zeros: 'Zeros',
  Ones: 'Ones',
  Constant: 'Constant',
  RandomNormal: 'RandomNormal',
  RandomUniform: 'RandomUniform',
  TruncatedNormal: 'TruncatedNormal',
  VarianceScaling: 'VarianceScaling',
  GlorotUniform: 'GlorotUniform',
  GlorotNormal: 'GlorotNormal',
  HeNormal: 'HeNormal',
  HeUniform: 'HeUniform',
  LecunNormal: 'LeCunNormal',
  LecunUniform: 'LeCunUniform',
  LeCunNormal: 'LeCunNormal',
  LeCunUniform: 'LeCunUniform',
  Orthogonal: 'Orthogonal',
  OrthogonalInitializer: 'Orthogonal',
  Identity: 'Identity',
  IdentityInitializer: 'Identity',
};

/** Keras' string shorthands (`"glorot_uniform"`) → class names. */
const INITIALIZER_STRINGS: Record<string, string> = {
  zeros: 'Zeros',
  ones: 'Ones',
  random_normal: 'RandomNormal',
  random_uniform: 'RandomUniform',
  truncated_normal: 'TruncatedNormal',
  glorot_uniform: 'GlorotUniform',
  glorot_normal: 'GlorotNormal',
  he_normal: 'HeNormal',
  he_uniform: 'HeUniform',
  lecun_normal: 'LeCunNormal',
  lecun_uniform: 'LeCunUniform',
  orthogonal: 'Orthogonal',
  identity: 'Identity',
};

/** Keys each initializer's config may carry (Keras 2 and 3 spellings). */
const INITIALIZER_KEYS = new Set([
  'seed',
  'mean',
  'stddev',
  'minval',
  'maxval',
  'value',
  'gain',
  'scale',
  'mode',
  'distribution',
]);

export function convertInitializer(raw: unknown, path: string, refusals: Refusals): Json | null {
  if (raw === undefined || raw === null) return null;
  const className = typeof raw === 'string' ? INITIALIZER_STRINGS[raw] : isObject(raw) ? raw.class_name : undefined;
  const mapped = typeof className === 'string' ? INITIALIZERS[className] : undefined;
  if (!mapped) {
    refuse(
      refusals,
      path,
      raw,
      `is not a supported initializer; use one of ${Object.keys(INITIALIZER_STRINGS).join(', ')}`,
    );
    return null;
  }
  const config: Json = {};
  const given = isObject(raw) && isObject(raw.config) ? raw.config : {};
  for (const [key, value] of Object.entries(given)) {
    if (!INITIALIZER_KEYS.has(key)) {
      refusals.add(`${path}.${key}`, `"${key}" is not an option of ${mapped} here`);
      continue;
    }
    // Keras writes seed: null for "no seed"; tfjs wants it absent.
    if (value !== null) config[key] = value;
  }
  return { class_name: mapped, config };
}

export function convertRegularizer(raw: unknown, path: string, refusals: Refusals): Json | null {
  if (raw === undefined || raw === null) return null;
  if (
    isObject(raw) &&
    isObject(raw.config) &&
    ['L1', 'L2', 'L1L2', 'L1L2Regularizer'].includes(String(raw.class_name))
  ) {
    const l1 = raw.config.l1 ?? 0;
    const l2 = raw.config.l2 ?? 0;
    if (typeof l1 === 'number' && typeof l2 === 'number' && l1 >= 0 && l2 >= 0) {
      return { class_name: 'L1L2', config: { l1, l2 } };
    }
  }
  refuse(refusals, path, raw, 'is not a supported regularizer; use keras.regularizers.L1, L2 or L1L2');
  return null;
}

const CONSTRAINTS: Record<string, string[]> = {
  MaxNorm: ['max_value', 'axis'],
  NonNeg: [],
  UnitNorm: ['axis'],
  MinMaxNorm: ['min_value', 'max_value', 'rate', 'axis'],
};

export function convertConstraint(raw: unknown, path: string, refusals: Refusals): Json | null {
  if (raw === undefined || raw === null) return null;
  const className = isObject(raw) ? String(raw.class_name) : '';
  const keys = CONSTRAINTS[className];
  if (!keys || !isObject(raw)) {
    refuse(refusals, path, raw, `is not a supported constraint; use one of ${Object.keys(CONSTRAINTS).join(', ')}`);
    return null;
  }
  const given = isObject(raw.config) ? raw.config : {};
  const config: Json = {};
  for (const key of keys) if (given[key] !== undefined) config[key] = given[key];
  return { class_name: className, config };
}

function refuse(refusals: Refusals, path: string, raw: unknown, text: string): void {
  refusals.add(path, `${show(raw)} ${text}`);
}
