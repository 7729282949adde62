/**
 * A Keras model as `model.to_json()` writes it (Keras 2: tf.keras ≤ 2.15; Keras 3, which is
 * also the `config.json` inside a `.keras` archive) → the Keras 2 topology tfjs-layers 4.22's
 * `modelFromJSON` reads. Pure: JSON in, JSON out, every problem collected and thrown together
 * as a KerasConversionError.
 *
 * What Keras 3 changed, and what becomes of it here:
 *   - every object carries `module`, `registered_name`, often `build_config`: dropped;
 *   - InputLayer has `batch_shape` (Keras 2: `batch_input_shape`): in a Sequential model it is
 *     folded into the first layer's `batch_input_shape`, as a tfjs `inputShape` would be;
 *   - `dtype` is a DTypePolicy object: read as its name (objects.ts);
 *   - Functional `inbound_nodes` are `{ args, kwargs }` with `__keras_tensor__` entries whose
 *     `keras_history` is [layer, node, tensor]: rewritten as Keras 2's [[layer, node, tensor, {}]];
 *   - a single input/output is written `[name, 0, 0]` instead of `[[name, 0, 0]]`: wrapped.
 */
import { convertLayerConfig, inputLayerShape } from './layers.js';
import { isObject, Refusals, show, type Json } from './refusals.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
const MAX_DEPTH = 8;

/** Which Keras wrote it: Keras 3 marks every object with `module`. */
export function kerasFormat(model: Json): 'keras2' | 'keras3' {
  return typeof model.module === 'string' || 'registered_name' in model ? 'keras3' : 'keras2';
}

/** The converted topology; throws KerasConversionError listing every problem. */
export function convertKerasModel(model: Json): Json {
  const refusals = new Refusals();
  const out = convertModel(model, 'model', refusals, 0);
  refusals.throwIfAny();
  return { ...out!, keras_version: 'converted-by-tensor-dojo', backend: 'tensorflow.js' };
}

function classOf(entry: Json): string {
  return typeof entry.class_name === 'string' ? entry.class_name : '(none)';
}

function convertModel(model: Json, where: string, refusals: Refusals, depth: number): Json | undefined {
  const className = classOf(model);
  if (!MODEL_CLASSES.has(className)) {
    refusals.add(
      where,
      `class_name ${show(model.class_name)} is not a model; submit what Keras' model.to_json() returns for a Sequential or functional model`,
    );
    return undefined;
  }
  if (depth > MAX_DEPTH) {
    refusals.add(where, `models nested more than ${MAX_DEPTH} deep are not supported`);
    return undefined;
  }
  return className === 'Sequential'
    ? convertSequential(model.config, where, refusals, depth)
    : convertFunctional(model.config, where, refusals, depth);
}

function layerWhere(prefix: string, index: number, entry: unknown): string {
  const name = isObject(entry) && isObject(entry.config) ? entry.config.name : undefined;
  return `${prefix}[${index}]${typeof name === 'string' ? ` (${name})` : ''}`;
}

function convertSequential(config: unknown, where: string, refusals: Refusals, depth: number): Json | undefined {
  // Keras before 2.2.3 wrote a Sequential config as the bare list of layers.
  const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  const prefix = depth === 0 ? 'layers' : `${where}.layers`;
  if (!Array.isArray(layers) || layers.length === 0) {
    refusals.add(`${where}.config.layers`, 'a Sequential model needs a list of layers');
    return undefined;
  }
  let inputShape: (number | null)[] | undefined;
  const converted: Json[] = [];
  layers.forEach((entry, i) => {
    const at = layerWhere(prefix, i, entry);
    if (!isObject(entry) || !isObject(entry.config)) {
      refusals.add(at, 'each layer must be an object { "class_name", "config" }');
      return;
    }
    if (classOf(entry) === 'InputLayer') {
      if (i === 0) inputShape = inputLayerShape(entry.config, at, refusals);
      else refusals.add(at, 'an InputLayer can only come first in a Sequential model');
      return;
    }
    const layer = convertLayer(entry, at, refusals, depth);
    if (layer) converted.push(layer);
  });
  // Keras 3 may record the input only as build_input_shape.
  if (!inputShape && isObject(config) && Array.isArray(config.build_input_shape))
    inputShape = config.build_input_shape as (number | null)[];
  const first = converted[0];
  if (first && inputShape && isObject(first.config) && first.config.batch_input_shape === undefined) {
    first.config = { batch_input_shape: inputShape, ...first.config };
  }
  if (first && first.class_name === 'Embedding' && isObject(first.config)) embeddingInput(first.config);
  const name = isObject(config) && typeof config.name === 'string' ? config.name : 'sequential';
  return { class_name: 'Sequential', config: { name, layers: converted } };
}

/**
 * A first Embedding as a tfjs build writes it: the sequence length as `input_length` (Keras 3's
 * Embedding has none, the InputLayer holds it), not as `batch_input_shape`.
 */
function embeddingInput(config: Json): void {
  const shape = config.batch_input_shape;
  if (!Array.isArray(shape) || shape.length !== 2) return;
  if (config.input_length === undefined || config.input_length === null) config.input_length = shape[1];
  if (config.input_length === shape[1]) delete config.batch_input_shape;
}

/** One layer entry (class_name + config); models used as layers are converted recursively. */
function convertLayer(entry: Json, at: string, refusals: Refusals, depth: number): Json | undefined {
  const className = classOf(entry);
  const config = entry.config as Json;
  if (MODEL_CLASSES.has(className)) return convertModel(entry, at, refusals, depth + 1);
  if (className === 'Bidirectional') return convertBidirectional(config, at, refusals, depth);
  const converted = convertLayerConfig(className, config, at, refusals);
  return converted ? { class_name: className, config: converted } : undefined;
}

const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN']);

function convertBidirectional(config: Json, at: string, refusals: Refusals, depth: number): Json | undefined {
  const inner = config.layer;
  if (!isObject(inner) || !isObject(inner.config) || !RECURRENT.has(classOf(inner))) {
    refusals.add(`${at}.config.layer`, 'Bidirectional can wrap only LSTM, GRU or SimpleRNN');
    return undefined;
  }
  // Keras 3 always writes the backward layer; tfjs builds it as the mirror of the forward one.
  const back = config.backward_layer;
  if (isObject(back) && isObject(back.config)) {
    const same =
      classOf(back) === classOf(inner) &&
      back.config.units === inner.config.units &&
      Boolean(back.config.go_backwards) !== Boolean(inner.config.go_backwards);
    if (!same)
      refusals.add(
        `${at}.config.backward_layer`,
        'a backward layer different from the forward one is not supported; give Bidirectional only the layer',
      );
  }
  const layer = convertLayer(inner, `${at}.config.layer`, refusals, depth);
  const out: Json = { layer };
  for (const [key, value] of Object.entries(config)) {
    if (key === 'name' || key === 'trainable' || key === 'batch_input_shape') out[key] = value;
    else if (key === 'merge_mode') out[key] = value;
    else if (key === 'dtype' || key === 'layer' || key === 'backward_layer') continue;
    else if (value !== null && value !== false)
      refusals.add(`${at}.config.${key}`, `the Bidirectional option "${key}" is not supported here; remove it`);
  }
  return layer ? { class_name: 'Bidirectional', config: out } : undefined;
}

type TensorRef = [string, number, number, Json];

function convertFunctional(config: unknown, where: string, refusals: Refusals, depth: number): Json | undefined {
  const prefix = depth === 0 ? 'layers' : `${where}.layers`;
  if (!isObject(config) || !Array.isArray(config.layers) || config.layers.length === 0) {
    refusals.add(`${where}.config.layers`, 'a functional model needs a list of layers');
    return undefined;
  }
  const layers: Json[] = [];
  config.layers.forEach((entry, i) => {
    const at = layerWhere(prefix, i, entry);
    if (!isObject(entry) || !isObject(entry.config)) {
      refusals.add(at, 'each layer must be an object { "class_name", "config", "inbound_nodes" }');
      return;
    }
    const name = typeof entry.name === 'string' ? entry.name : entry.config.name;
    if (typeof name !== 'string') {
      refusals.add(`${at}.name`, 'every layer of a functional model needs a name');
      return;
    }
    const inbound = convertInboundNodes(entry.inbound_nodes, `${at}.inbound_nodes`, refusals);
    if (classOf(entry) === 'InputLayer') {
      const shape = inputLayerShape(entry.config, at, refusals);
      // float32 whatever Keras wrote (token ids are often int64): the trainer feeds float32
      // tensors, as to a tfjs tf.input(), and Embedding reads float ids.
      if (shape)
        layers.push({
          class_name: 'InputLayer',
          name,
          config: { batch_input_shape: shape, dtype: 'float32', sparse: false, name },
          inbound_nodes: [],
        });
      return;
    }
    const layer = convertLayer(entry, at, refusals, depth);
    if (layer) layers.push({ ...layer, name, config: { ...(layer.config as Json), name }, inbound_nodes: inbound });
  });
  return {
    class_name: 'Model',
    config: {
      name: typeof config.name === 'string' ? config.name : 'model',
      layers,
      input_layers: tensorList(config.input_layers, `${where}.config.input_layers`, refusals),
      output_layers: tensorList(config.output_layers, `${where}.config.output_layers`, refusals),
    },
  };
}

/** Keras 3 writes one input as [name, 0, 0], several as [[name, 0, 0], ...]. */
function tensorList(raw: unknown, path: string, refusals: Refusals): unknown[] {
  const list = Array.isArray(raw) && typeof raw[0] === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isTensorTriple)) {
    refusals.add(path, `${show(raw)} is not a list of [layer name, node index, tensor index]`);
    return [];
  }
  return list;
}

function isTensorTriple(v: unknown): boolean {
  return (
    Array.isArray(v) && v.length >= 3 && typeof v[0] === 'string' && Number.isInteger(v[1]) && Number.isInteger(v[2])
  );
}

/** Keras 3 `{ args, kwargs }` nodes, or Keras 2 `[[name, node, tensor, kwargs], ...]` nodes → Keras 2 form. */
function convertInboundNodes(raw: unknown, path: string, refusals: Refusals): TensorRef[][] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    refusals.add(path, 'must be a list of nodes');
    return [];
  }
  return raw.map((node, n) => {
    const at = `${path}[${n}]`;
    if (Array.isArray(node)) {
      // Keras 2: keyword arguments (mask, training) are not carried over.
      return node.filter(isTensorTriple).map((t: unknown[]) => [t[0] as string, t[1] as number, t[2] as number, {}]);
    }
    if (!isObject(node)) {
      refusals.add(at, 'must be { "args": [...], "kwargs": {...} }');
      return [];
    }
    const refs: TensorRef[] = [];
    collectTensors(node.args, refs);
    const kwargTensors: TensorRef[] = [];
    collectTensors(node.kwargs, kwargTensors);
    if (kwargTensors.length > 0)
      refusals.add(`${at}.kwargs`, 'tensors passed by keyword (mask, initial_state, ...) are not supported');
    if (refs.length === 0) refusals.add(`${at}.args`, 'no input tensor found');
    return refs;
  });
}

function collectTensors(value: unknown, out: TensorRef[], depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, out, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  if (value.class_name === '__keras_tensor__' && isObject(value.config)) {
    const history = value.config.keras_history;
    if (isTensorTriple(history)) {
      const h = history as [string, number, number];
      out.push([h[0], h[1], h[2], {}]);
    }
    return;
  }
  for (const v of Object.values(value)) collectTensors(v, out, depth + 1);
}
