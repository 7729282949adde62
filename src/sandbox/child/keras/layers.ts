/**
 * One Keras layer (Keras 2 or 3 `get_config()` form) → the Keras 2 form tfjs-layers 4.22 reads,
 * keeping only options tfjs implements. Every option is accounted for: kept (converted), dropped
 * because it is inert (null/false, or bookkeeping that changes nothing), accepted only at the
 * value tfjs implements (`groups: 1`), or refused naming the option. A layer class outside the
 * allow-list is refused naming what to use instead.
 */
import { augmentationRefusal, isAugmentationLayer } from './augmentation.js';
import {
  convertActivation,
  convertConstraint,
  convertDtype,
  convertInitializer,
  convertRegularizer,
} from './objects.js';
import { isObject, show, type Json, type Refusals } from './refusals.js';

/** Options at tfjs's own default, left out as a tfjs build leaves them out. */
const DEFAULTS_LEFT_OUT: [string, unknown][] = [
  ['data_format', 'channels_last'],
  ['mask_zero', false],
];

type Kind = 'plain' | 'activation' | 'initializer' | 'regularizer' | 'constraint' | 'axis';

interface LayerRule {
  keys: Record<string, Kind>;
  /** Options tfjs has only one value of: accepted at that value (and dropped), refused otherwise. */
  fixed?: Record<string, { value: unknown; hint: string }>;
  /** Bookkeeping options dropped whatever their value (they change nothing tfjs computes). */
  ignored?: string[];
}

const COMMON: Record<string, Kind> = { name: 'plain', trainable: 'plain', batch_input_shape: 'plain' };
const BIASED: Record<string, Kind> = {
  activation: 'activation',
  use_bias: 'plain',
  bias_initializer: 'initializer',
  bias_regularizer: 'regularizer',
  bias_constraint: 'constraint',
  activity_regularizer: 'regularizer',
};
const CONV_SHAPE: Record<string, Kind> = {
  kernel_size: 'plain',
  strides: 'plain',
  padding: 'plain',
  data_format: 'plain',
  dilation_rate: 'plain',
};
const KERNEL: Record<string, Kind> = {
  kernel_initializer: 'initializer',
  kernel_regularizer: 'regularizer',
  kernel_constraint: 'constraint',
};
const GROUPS = { groups: { value: 1, hint: 'grouped convolutions are not available; use groups=1' } };
const POOLING: LayerRule = { keys: { pool_size: 'plain', strides: 'plain', padding: 'plain', data_format: 'plain' } };
const GLOBAL_POOLING: LayerRule = {
  keys: { data_format: 'plain' },
  fixed: { keepdims: { value: false, hint: 'keepdims=True is not available; add a Reshape after the pooling' } },
};
const RNN_COMMON: Record<string, Kind> = {
  units: 'plain',
  ...BIASED,
  ...KERNEL,
  recurrent_initializer: 'initializer',
  recurrent_regularizer: 'regularizer',
  recurrent_constraint: 'constraint',
  dropout: 'plain',
  recurrent_dropout: 'plain',
  return_sequences: 'plain',
  return_state: 'plain',
  go_backwards: 'plain',
  unroll: 'plain',
};
const RNN_FIXED = {
  stateful: { value: false, hint: 'stateful RNNs are not trained here; use stateful=False' },
  time_major: { value: false, hint: 'use time_major=False (batch first)' },
};
const RNN_IGNORED = ['seed', 'zero_output_for_mask', 'implementation', 'use_cudnn'];

export const LAYER_RULES: Record<string, LayerRule> = {
  Dense: { keys: { units: 'plain', ...BIASED, ...KERNEL } },
  Conv1D: { keys: { filters: 'plain', ...CONV_SHAPE, ...BIASED, ...KERNEL }, fixed: GROUPS },
  Conv2D: { keys: { filters: 'plain', ...CONV_SHAPE, ...BIASED, ...KERNEL }, fixed: GROUPS },
  // tfjs has no output_padding: the output size follows from strides and padding alone.
  Conv2DTranspose: {
    keys: { filters: 'plain', ...CONV_SHAPE, ...BIASED, ...KERNEL },
    fixed: {
      ...GROUPS,
      output_padding: { value: null, hint: 'output_padding is not available; use output_padding=None' },
    },
  },
  UpSampling2D: { keys: { size: 'plain', data_format: 'plain', interpolation: 'plain' } },
  SeparableConv2D: {
    keys: {
      filters: 'plain',
      depth_multiplier: 'plain',
      ...CONV_SHAPE,
      ...BIASED,
      depthwise_initializer: 'initializer',
      pointwise_initializer: 'initializer',
      depthwise_regularizer: 'regularizer',
      pointwise_regularizer: 'regularizer',
      depthwise_constraint: 'constraint',
      pointwise_constraint: 'constraint',
    },
    fixed: GROUPS,
  },
  DepthwiseConv2D: {
    keys: {
      depth_multiplier: 'plain',
      ...CONV_SHAPE,
      ...BIASED,
      depthwise_initializer: 'initializer',
      depthwise_regularizer: 'regularizer',
      depthwise_constraint: 'constraint',
    },
    fixed: GROUPS,
  },
  MaxPooling1D: POOLING,
  MaxPooling2D: POOLING,
  AveragePooling1D: POOLING,
  AveragePooling2D: POOLING,
  GlobalAveragePooling1D: GLOBAL_POOLING,
  GlobalAveragePooling2D: GLOBAL_POOLING,
  GlobalMaxPooling1D: GLOBAL_POOLING,
  GlobalMaxPooling2D: GLOBAL_POOLING,
  BatchNormalization: {
    keys: {
      axis: 'axis',
      momentum: 'plain',
      epsilon: 'plain',
      center: 'plain',
      scale: 'plain',
      beta_initializer: 'initializer',
      gamma_initializer: 'initializer',
      moving_mean_initializer: 'initializer',
      moving_variance_initializer: 'initializer',
      beta_regularizer: 'regularizer',
      gamma_regularizer: 'regularizer',
      beta_constraint: 'constraint',
      gamma_constraint: 'constraint',
    },
    fixed: {
      renorm: { value: false, hint: 'batch renormalisation is not available; use renorm=False' },
      synchronized: { value: false, hint: 'use synchronized=False (training runs on one device)' },
    },
    // renorm_* only matter with renorm (refused above); fused is an implementation choice.
    ignored: ['renorm_clipping', 'renorm_momentum', 'fused'],
  },
  LayerNormalization: {
    keys: {
      axis: 'plain',
      epsilon: 'plain',
      center: 'plain',
      scale: 'plain',
      beta_initializer: 'initializer',
      gamma_initializer: 'initializer',
      beta_regularizer: 'regularizer',
      gamma_regularizer: 'regularizer',
    },
    fixed: { rms_scaling: { value: false, hint: 'RMS scaling is not available; use rms_scaling=False' } },
  },
  Embedding: {
    keys: {
      input_dim: 'plain',
      output_dim: 'plain',
      input_length: 'plain',
      mask_zero: 'plain',
      embeddings_initializer: 'initializer',
      embeddings_regularizer: 'regularizer',
      embeddings_constraint: 'constraint',
      activity_regularizer: 'regularizer',
    },
  },
  SimpleRNN: { keys: RNN_COMMON, fixed: RNN_FIXED, ignored: RNN_IGNORED },
  LSTM: {
    keys: { ...RNN_COMMON, recurrent_activation: 'activation', unit_forget_bias: 'plain' },
    fixed: RNN_FIXED,
    ignored: RNN_IGNORED,
  },
  GRU: {
    keys: { ...RNN_COMMON, recurrent_activation: 'activation' },
    fixed: {
      ...RNN_FIXED,
      reset_after: {
        value: false,
        hint: "tfjs's GRU applies the reset gate before the matrix product; write keras.layers.GRU(..., reset_after=False)",
      },
    },
    ignored: RNN_IGNORED,
  },
  Dropout: {
    keys: { rate: 'plain', seed: 'plain' },
    fixed: {
      noise_shape: { value: null, hint: 'noise_shape is not available; use SpatialDropout1D for whole channels' },
    },
  },
  SpatialDropout1D: { keys: { rate: 'plain', seed: 'plain' } },
  Flatten: { keys: { data_format: 'plain' } },
  Activation: { keys: { activation: 'activation' } },
  ReLU: {
    keys: { max_value: 'plain' },
    fixed: {
      negative_slope: { value: 0, hint: 'a leaky ReLU is not available; use negative_slope=0' },
      threshold: { value: 0, hint: 'a shifted ReLU is not available; use threshold=0' },
    },
  },
  Reshape: { keys: { target_shape: 'plain' } },
  Rescaling: { keys: { scale: 'plain', offset: 'plain' } },
  Add: { keys: {} },
  Concatenate: { keys: { axis: 'plain' } },
};

/** What to use instead of a layer outside the list. */
const INSTEAD: Record<string, string> = {
  LeakyReLU: 'Activation("relu") or ReLU',
  PReLU: 'Activation("relu") or ReLU',
  ELU: 'Activation("elu")',
  Softmax: 'Activation("softmax")',
  Conv2DTranspose: 'Conv2D (and pooling to change the resolution)',
  Conv3D: 'Conv2D',
  UpSampling2D: 'Conv2D with padding="same"',
  ZeroPadding2D: 'Conv2D with padding="same"',
  Cropping2D: 'Conv2D with padding="valid"',
  MaxPooling3D: 'MaxPooling2D',
  SpatialDropout2D: 'Dropout',
  GaussianNoise: 'Dropout',
  GaussianDropout: 'Dropout',
  AlphaDropout: 'Dropout',
  TimeDistributed: 'Dense (it already applies to the last axis of a sequence)',
  Lambda: 'the built-in layers (a Lambda holds Python code, and custom layers cannot be rebuilt here either)',
  TFOpLambda: 'the built-in layers (a Lambda holds Python code, and custom layers cannot be rebuilt here either)',
  Normalization: 'Rescaling (or BatchNormalization)',
  Multiply: 'Add or Concatenate',
  Subtract: 'Add or Concatenate',
  Average: 'Add or Concatenate',
  Maximum: 'Add or Concatenate',
  Attention: 'LSTM or GRU',
  MultiHeadAttention: 'LSTM or GRU',
  ConvLSTM2D: 'Conv2D followed by LSTM',
};

export const SUPPORTED_LAYERS = [...Object.keys(LAYER_RULES), 'Bidirectional', 'InputLayer'];

/** A converted layer entry, or undefined when it was refused (the refusal is recorded). */
export function convertLayerConfig(className: string, raw: Json, at: string, refusals: Refusals): Json | undefined {
  if (isAugmentationLayer(className)) {
    refusals.add(at, augmentationRefusal(className, raw));
    return undefined;
  }
  const rule = LAYER_RULES[className];
  if (!rule) {
    const instead = INSTEAD[className] ?? `one of ${SUPPORTED_LAYERS.join(', ')}`;
    refusals.add(at, `layer class "${className}" is not supported; use ${instead}`);
    return undefined;
  }
  return convertOptions(className, rule, raw, `${at}.config`, refusals);
}

function convertOptions(className: string, rule: LayerRule, raw: Json, where: string, refusals: Refusals): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = `${where}.${key}`;
    const kind = rule.keys[key] ?? COMMON[key];
    if (key === 'dtype') {
      // float32 is every tfjs layer's default: left out, as a tfjs build leaves it out.
      const dtype = convertDtype(value, path, refusals);
      if (dtype && dtype !== 'float32') out.dtype = dtype;
    } else if (kind === 'activation') {
      const activation = convertActivation(value, path, refusals);
      if (activation) out[key] = activation;
    } else if (kind === 'initializer') out[key] = convertInitializer(value, path, refusals);
    else if (kind === 'regularizer') out[key] = convertRegularizer(value, path, refusals);
    else if (kind === 'constraint') out[key] = convertConstraint(value, path, refusals);
    else if (kind === 'axis') out[key] = Array.isArray(value) && value.length === 1 ? value[0] : value;
    else if (kind === 'plain') {
      // channels_last is tfjs's default too: left out, as a tfjs build leaves it out.
      if (value !== null && !DEFAULTS_LEFT_OUT.some(([k, v]) => k === key && v === value)) out[key] = value;
    } else if (rule.fixed && key in rule.fixed) {
      const { value: only, hint } = rule.fixed[key];
      if (JSON.stringify(value) !== JSON.stringify(only) && value !== undefined) {
        refusals.add(path, `${show(value)} is not supported: ${hint}`);
      }
    } else if (rule.ignored?.includes(key)) continue;
    // An option this converter does not know is harmless only when it asks for nothing.
    else if (value !== null && value !== false && value !== undefined && !isEmpty(value)) {
      refusals.add(path, `the ${className} option "${key}" (${show(value)}) is not supported here; remove it`);
    }
  }
  if (className === 'Rescaling') {
    for (const key of ['scale', 'offset'])
      if (out[key] !== undefined && typeof out[key] !== 'number')
        refusals.add(`${where}.${key}`, `${show(out[key])} must be a single number`);
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

/** Keras 3's InputLayer (`batch_shape`) or Keras 2's (`batch_input_shape`) → the input shape with batch. */
export function inputLayerShape(config: Json, where: string, refusals: Refusals): (number | null)[] | undefined {
  const shape = config.batch_shape ?? config.batch_input_shape;
  for (const key of ['sparse', 'ragged', 'optional'])
    if (config[key] === true) refusals.add(`${where}.${key}`, `a ${key} input is not supported; use ${key}=False`);
  if (!Array.isArray(shape) || !shape.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0))) {
    refusals.add(
      `${where}.batch_shape`,
      `${show(shape)} is not an input shape; create the input with keras.Input(shape=(...))`,
    );
    return undefined;
  }
  return shape as (number | null)[];
}
