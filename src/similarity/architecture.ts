/**
 * Architecture signatures: what a model is, layer by layer, independent of how the code that
 * built it was written and of the names tfjs or Keras gave its layers.
 *
 * Input: a tfjs `model.toJSON(null, false)` topology (what the sandbox hands back), a Keras
 * `model.to_json()` topology, either as a string, or a KERAS_JSON submission wrapping one.
 * Kept per layer: the class and its shape-relevant configuration (units, filters, kernel
 * size, strides, padding, activation, dropout rates, pooling sizes, ...), with defaults filled
 * in and spellings unified (`3` and `[3, 3]`, `hard_sigmoid` and `hardSigmoid`,
 * `MaxPool2D` and `MaxPooling2D`); names, initialisers, regularisers, dtypes are dropped.
 * The input shape is kept once, for the model. In a plain chain an `Activation` layer right
 * after a layer without activation is folded into it (`dense` + `activation('relu')` is the
 * same network as `dense({activation: 'relu'})`). A functional model that is a plain chain
 * gets the same signature as the equivalent Sequential model; a real graph records, for every
 * layer, the positions of the layers that feed it.
 */

export interface LayerSignature {
  className: string;
  /** The shape-relevant configuration, keys sorted. */
  config: Record<string, unknown>;
  /** Positions of the layers feeding this one (`in0`, `in1`... for model inputs); absent in a plain chain. */
  inputs?: string[];
  /** A wrapped layer (Bidirectional, TimeDistributed) or the layers of a nested model. */
  inner?: LayerSignature[];
}

export interface ArchitectureSignature {
  /** Model input shapes without the batch dimension. */
  inputShapes: (number | null)[][];
  layers: LayerSignature[];
  /** A canonical string: two models have the same architecture exactly when their keys are equal. */
  key: string;
}

export class TopologyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyError';
  }
}

type Json = Record<string, unknown>;

const CLASS_ALIASES: Record<string, string> = {
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  AvgPool3D: 'AveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  SeparableConvolution2D: 'SeparableConv2D',
  Deconvolution2D: 'Conv2DTranspose',
  Convolution2DTranspose: 'Conv2DTranspose',
  Functional: 'Model',
};

/** Configuration keys that change what the network computes or its shapes. */
const ARCHITECTURE_KEYS = new Set([
  'units',
  'filters',
  'kernel_size',
  'strides',
  'padding',
  'activation',
  'recurrent_activation',
  'use_bias',
  'dilation_rate',
  'depth_multiplier',
  'groups',
  'data_format',
  'rate',
  'dropout',
  'recurrent_dropout',
  'noise_shape',
  'stddev',
  'pool_size',
  'input_dim',
  'output_dim',
  'input_length',
  'mask_zero',
  'return_sequences',
  'return_state',
  'go_backwards',
  'merge_mode',
  'target_shape',
  'dims',
  'n',
  'size',
  'interpolation',
  'cropping',
  'axis',
  'center',
  'scale',
  'alpha',
  'max_value',
  'negative_slope',
  'threshold',
  'theta',
]);

/** Keys holding one size per spatial dimension (a single number means the same for all). */
const TUPLE_KEYS = new Set(['kernel_size', 'strides', 'pool_size', 'dilation_rate', 'size']);

const INPUT_SHAPE_KEYS = ['batch_input_shape', 'batch_shape'];

/** Parses any accepted topology form into `{ class_name, config }`. */
function topologyRoot(topology: unknown): Json {
  let value = topology;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        throw new TopologyError('The topology is not valid JSON.');
      }
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) break;
    const obj = value as Json;
    if (typeof obj.class_name === 'string') return obj;
    if ('modelTopology' in obj) value = obj.modelTopology;
    else if ('model_config' in obj) value = obj.model_config;
    else if ('model' in obj) value = obj.model;
    else break;
  }
  throw new TopologyError(
    'Expected a model topology: an object with class_name and config (model.toJSON() or Keras model.to_json()).',
  );
}

function rankOf(className: string): number {
  const m = /([123])D/.exec(className);
  return m ? Number(m[1]) : 2;
}

function normaliseActivation(value: unknown): unknown {
  if (value === null || value === undefined) return 'linear';
  if (typeof value === 'string') return value.replace(/_/g, '').toLowerCase();
  if (typeof value === 'object') {
    const obj = value as Json;
    if (typeof obj.config === 'string') return normaliseActivation(obj.config);
    if (typeof obj.class_name === 'string') return normaliseActivation(obj.class_name);
  }
  return value;
}

const HAS_ACTIVATION =
  /^(Dense|Conv[123]D|Conv[123]DTranspose|SeparableConv[12]D|DepthwiseConv2D|SimpleRNN|LSTM|GRU|ConvLSTM2D)$/;
const IS_CONV = /Conv/;
const IS_RECURRENT = /^(SimpleRNN|LSTM|GRU|ConvLSTM2D)$/;
const IS_POOL = /^(Max|Average)Pooling[123]D$/;
const HAS_DATA_FORMAT = /Conv|Pooling|^Flatten$|^UpSampling|^ZeroPadding|^Cropping/;

/** The architecture-relevant part of one layer's config, defaults filled in. */
function layerConfig(className: string, raw: Json): Json {
  const rank = rankOf(className);
  const config: Json = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!ARCHITECTURE_KEYS.has(key) || value === null || value === undefined) continue;
    if (TUPLE_KEYS.has(key) && typeof value === 'number') config[key] = Array(rank).fill(value);
    else if (key === 'activation' || key === 'recurrent_activation') config[key] = normaliseActivation(value);
    else config[key] = value;
  }
  if (HAS_ACTIVATION.test(className)) {
    // Keras and tfjs default to a linear activation, except recurrent layers (tanh).
    config.activation ??= IS_RECURRENT.test(className) ? 'tanh' : 'linear';
    config.use_bias ??= true;
  }
  if (IS_CONV.test(className)) {
    config.strides ??= Array(rank).fill(1);
    config.dilation_rate ??= Array(rank).fill(1);
    config.padding ??= 'valid';
    if (!/Transpose|Depthwise|Separable/.test(className)) config.groups ??= 1;
  }
  if (IS_POOL.test(className)) {
    config.pool_size ??= Array(rank).fill(2);
    config.strides ??= config.pool_size;
    config.padding ??= 'valid';
  }
  if (HAS_DATA_FORMAT.test(className)) config.data_format ??= 'channels_last';
  return Object.fromEntries(
    Object.keys(config)
      .sort()
      .map((k) => [k, config[k]]),
  );
}

function inputShapeOf(config: Json): (number | null)[] | undefined {
  for (const key of INPUT_SHAPE_KEYS)
    if (Array.isArray(config[key])) return (config[key] as (number | null)[]).slice(1);
  if (Array.isArray(config.input_shape)) return config.input_shape as (number | null)[];
  return undefined;
}

interface RawLayer {
  className: string;
  config: Json;
  name?: string;
  inboundNodes?: unknown;
}

function rawLayers(root: Json): RawLayer[] {
  const config = root.config;
  const list = Array.isArray(config)
    ? config
    : Array.isArray((config as Json | undefined)?.layers)
      ? ((config as Json).layers as unknown[])
      : [];
  return list.map((entry) => {
    const e = (entry ?? {}) as Json;
    const cfg = (e.config && typeof e.config === 'object' ? e.config : {}) as Json;
    const className = String(e.class_name ?? 'Unknown');
    return {
      className: CLASS_ALIASES[className] ?? className,
      config: cfg,
      name: (e.name as string | undefined) ?? (cfg.name as string | undefined),
      inboundNodes: e.inbound_nodes,
    };
  });
}

/** Layer names feeding a layer, from Keras 2 / tfjs `inbound_nodes` ([[[name, node, tensor, kwargs], ...], ...]). */
function inboundNames(inboundNodes: unknown): string[] {
  const names: string[] = [];
  const walk = (value: unknown) => {
    if (!Array.isArray(value)) {
      // Keras 3: { args: [{ config: { keras_history: [name, node, tensor] } }] }
      if (value && typeof value === 'object') {
        const history = ((value as Json).config as Json | undefined)?.keras_history;
        if (Array.isArray(history) && typeof history[0] === 'string') names.push(history[0]);
        else Object.values(value as Json).forEach(walk);
      }
      return;
    }
    if (typeof value[0] === 'string' && typeof value[1] === 'number') {
      names.push(value[0]);
      return;
    }
    value.forEach(walk);
  };
  walk(inboundNodes);
  return names;
}

function signatureOfLayer(layer: RawLayer): LayerSignature {
  const sig: LayerSignature = { className: layer.className, config: layerConfig(layer.className, layer.config) };
  const wrapped = layer.config.layer;
  if (wrapped && typeof wrapped === 'object' && typeof (wrapped as Json).class_name === 'string') {
    const inner = wrapped as Json;
    const className = String(inner.class_name);
    sig.inner = [
      signatureOfLayer({ className: CLASS_ALIASES[className] ?? className, config: (inner.config ?? {}) as Json }),
    ];
  }
  if (layer.className === 'Sequential' || layer.className === 'Model') {
    sig.inner = buildSignature({ class_name: layer.className, config: layer.config }).layers;
  }
  return sig;
}

const FOLDABLE_ACTIVATIONS: Record<string, (config: Json) => string | undefined> = {
  Activation: (c) => normaliseActivation(c.activation) as string,
  ReLU: (c) => (!c.max_value && !c.negative_slope && !c.threshold ? 'relu' : undefined),
  Softmax: (c) => (c.axis === undefined || c.axis === -1 ? 'softmax' : undefined),
};

/** In a chain, folds an activation layer into a preceding layer that has a linear activation. */
function foldActivations(layers: LayerSignature[], raw: RawLayer[]): LayerSignature[] {
  const out: LayerSignature[] = [];
  layers.forEach((layer, i) => {
    const prev = out[out.length - 1];
    const fold = FOLDABLE_ACTIVATIONS[layer.className]?.(raw[i].config);
    if (fold && prev && prev.config.activation === 'linear' && HAS_ACTIVATION.test(prev.className)) {
      prev.config = { ...prev.config, activation: fold };
      return;
    }
    out.push(layer);
  });
  return out;
}

function buildSignature(root: Json): Omit<ArchitectureSignature, 'key'> {
  const raw = rawLayers(root);
  const isInput = (l: RawLayer) => l.className === 'InputLayer';
  const inputLayers = raw.filter(isInput);
  const layers = raw.filter((l) => !isInput(l));
  const inputShapes: (number | null)[][] = [];
  for (const l of inputLayers) {
    const shape = inputShapeOf(l.config);
    if (shape) inputShapes.push(shape);
  }
  if (inputShapes.length === 0 && layers.length > 0) {
    const shape = inputShapeOf(layers[0].config);
    if (shape) inputShapes.push(shape);
  }

  // Inline a Sequential nested in a Sequential: it is the same chain.
  const flat: RawLayer[] = [];
  for (const l of layers) {
    if (l.className === 'Sequential' && !l.inboundNodes)
      flat.push(...rawLayers({ config: l.config }).filter((x) => !isInput(x)));
    else flat.push(l);
  }

  const sigs = flat.map(signatureOfLayer);
  const hasGraph = flat.some((l) => Array.isArray(l.inboundNodes));
  if (hasGraph) {
    const position = new Map<string, string>();
    inputLayers.forEach((l, i) => l.name && position.set(l.name, `in${i}`));
    flat.forEach((l, i) => l.name && position.set(l.name, String(i)));
    const inputs = flat.map((l) => inboundNames(l.inboundNodes).map((n) => position.get(n) ?? '?'));
    const chain =
      inputLayers.length <= 1 &&
      inputs.every((ins, i) => ins.length === 1 && ins[0] === (i === 0 ? 'in0' : String(i - 1)));
    if (!chain) {
      sigs.forEach((s, i) => (s.inputs = inputs[i]));
      return { inputShapes, layers: sigs };
    }
  }
  return { inputShapes, layers: foldActivations(sigs, flat) };
}

/** The architecture of a model, from its topology (see the module comment for what is kept). */
export function architectureSignature(topology: unknown): ArchitectureSignature {
  const signature = buildSignature(topologyRoot(topology));
  return { ...signature, key: JSON.stringify([signature.inputShapes, signature.layers.map(layerKey)]) };
}

function layerKey(layer: LayerSignature): string {
  return JSON.stringify([layer.className, layer.config, layer.inputs ?? null, layer.inner?.map(layerKey) ?? null]);
}

function formatValue(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.join('x');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The order keys are shown in (others follow alphabetically). */
const DISPLAY_ORDER = [
  'units',
  'filters',
  'kernel_size',
  'pool_size',
  'strides',
  'padding',
  'activation',
  'rate',
  'input_dim',
  'output_dim',
];

function isDefault(key: string, value: unknown): boolean {
  return (
    (key === 'data_format' && value === 'channels_last') ||
    (key === 'dilation_rate' && Array.isArray(value) && value.every((d) => d === 1)) ||
    (key === 'use_bias' && value === true) ||
    (key === 'groups' && value === 1)
  );
}

/** `Conv2D(filters=32, kernel_size=3x3, strides=1x1, padding=valid, activation=relu)`; defaults left out. */
export function describeLayer(layer: LayerSignature): string {
  const rank = (k: string) => (DISPLAY_ORDER.includes(k) ? DISPLAY_ORDER.indexOf(k) : DISPLAY_ORDER.length);
  const parts = Object.entries(layer.config)
    .filter(([k, v]) => !isDefault(k, v))
    .sort(([x], [y]) => rank(x) - rank(y) || x.localeCompare(y))
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  if (layer.inner) parts.push(`layer=${layer.inner.map(describeLayer).join(' > ')}`);
  if (layer.inputs) parts.push(`from=[${layer.inputs.join(', ')}]`);
  return `${layer.className}(${parts.join(', ')})`;
}

export interface ArchitectureComparison {
  same: boolean;
  /** Readable differences, empty when `same`. */
  diff: string[];
  a: ArchitectureSignature;
  b: ArchitectureSignature;
}

/** A signature as is, or the signature of a topology (so callers may store signatures instead of topologies). */
export function asSignature(value: unknown): ArchitectureSignature {
  const v = value as ArchitectureSignature | undefined;
  return v && typeof v === 'object' && typeof v.key === 'string' && Array.isArray(v.layers)
    ? v
    : architectureSignature(value);
}

/** Whether two models are identical layer for layer, with a readable diff when they are not. */
export function sameArchitecture(a: unknown, b: unknown): ArchitectureComparison {
  const sa = asSignature(a);
  const sb = asSignature(b);
  if (sa.key === sb.key) return { same: true, diff: [], a: sa, b: sb };
  const diff: string[] = [];
  if (JSON.stringify(sa.inputShapes) !== JSON.stringify(sb.inputShapes)) {
    diff.push(
      `input shape: ${sa.inputShapes.map((s) => `[${s.join(', ')}]`).join(', ')} in a, ${sb.inputShapes.map((s) => `[${s.join(', ')}]`).join(', ')} in b`,
    );
  }
  const ka = sa.layers.map(layerKey);
  const kb = sb.layers.map(layerKey);
  // Longest common subsequence of layers, then report what lies between matched layers.
  const n = ka.length;
  const m = kb.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = ka[i] === kb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  let i = 0;
  let j = 0;
  const gapA: number[] = [];
  const gapB: number[] = [];
  const flush = () => {
    // Pair up layers of the same class at the same place: a changed layer, not one removed and one added.
    while (gapA.length > 0 && gapB.length > 0 && sa.layers[gapA[0]].className === sb.layers[gapB[0]].className) {
      diff.push(describeChange(gapA.shift()!, gapB.shift()!, sa.layers, sb.layers));
    }
    for (const x of gapA) diff.push(`only in a: layer ${x + 1} ${describeLayer(sa.layers[x])}`);
    for (const y of gapB) diff.push(`only in b: layer ${y + 1} ${describeLayer(sb.layers[y])}`);
    gapA.length = 0;
    gapB.length = 0;
  };
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] === kb[j]) {
      flush();
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) gapA.push(i++);
    else gapB.push(j++);
  }
  flush();
  return { same: false, diff, a: sa, b: sb };
}

function describeChange(x: number, y: number, la: LayerSignature[], lb: LayerSignature[]): string {
  const a = la[x];
  const b = lb[y];
  const keys = [...new Set([...Object.keys(a.config), ...Object.keys(b.config)])].sort();
  const changes = keys
    .filter((k) => JSON.stringify(a.config[k]) !== JSON.stringify(b.config[k]))
    .map(
      (k) =>
        `${k} ${a.config[k] === undefined ? '(unset)' : formatValue(a.config[k])} vs ${b.config[k] === undefined ? '(unset)' : formatValue(b.config[k])}`,
    );
  if (JSON.stringify(a.inputs) !== JSON.stringify(b.inputs))
    changes.push(`inputs [${a.inputs?.join(', ') ?? 'previous'}] vs [${b.inputs?.join(', ') ?? 'previous'}]`);
  if (layerKey({ ...a, config: {}, inputs: undefined }) !== layerKey({ ...b, config: {}, inputs: undefined })) {
    changes.push(
      `wrapped ${a.inner?.map(describeLayer).join(' > ') ?? 'nothing'} vs ${b.inner?.map(describeLayer).join(' > ') ?? 'nothing'}`,
    );
  }
  const where = x === y ? `layer ${x + 1}` : `layer ${x + 1} in a / ${y + 1} in b`;
  return `${where} ${a.className}: ${changes.join('; ')}`;
}
