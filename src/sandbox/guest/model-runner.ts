/**
 * Guest program, runs in every model isolate after tfjs and the weight hook, before any
 * candidate code. Defines the two trusted entry points the child calls:
 *   __dojoRunCandidate(factory, task, maxChars)  isolate A: the candidate's build(tf, task)
 *   __dojoAnalyse(topologyJson, maxChars)        isolate B: rebuilds a topology, counts parameters
 * Both return a JSON string, its size counted while it is written. The intrinsics they use
 * are captured here, so a candidate replacing JSON.stringify later changes nothing.
 */
import { tagged } from './failure-tag.js';
import type { TfGlobal } from './tfjs-global.js';

declare const tf: TfGlobal;

/** The transpiled submission, wrapped as a CommonJS module factory by the child. */
type ModuleFactory = (module: { exports: unknown }, exports: unknown, require: (name: unknown) => never) => void;

export interface ModelRunnerGlobals {
  __dojoRunCandidate(factory: ModuleFactory, task: unknown, maxChars: number): Promise<string>;
  __dojoAnalyse(topologyJson: string, maxChars: number): Promise<string>;
}

const stringify = JSON.stringify;
const parse = JSON.parse;
const LayersModel = tf.LayersModel;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : 'a value of type ' + typeof value;
}

function boundedStringify(value: unknown, maxChars: number): string {
  let size = 0;
  const out: unknown = stringify(value, (key: string, v: unknown) => {
    size += key.length + 4;
    if (typeof v === 'string') size += v.length;
    if (size > maxChars) throw tagged('OUTPUT_TOO_LARGE', String(maxChars));
    return v;
  });
  if (typeof out !== 'string' || out.length > maxChars) throw tagged('OUTPUT_TOO_LARGE', String(maxChars));
  return out;
}

type Build = (tfArg: TfGlobal, task: unknown) => unknown;

const globals = globalThis as unknown as ModelRunnerGlobals;

globals.__dojoRunCandidate = async function (factory, task, maxChars) {
  const module: { exports: unknown } = { exports: {} };
  const require = function (name: unknown): never {
    throw new Error(
      'Imports are not available in the sandbox (the code asked for "' +
        String(name) +
        '"). Use the tf object that build(tf, task) receives.',
    );
  };
  factory.call(undefined, module, module.exports, require);
  const exported = module.exports as { default?: unknown; build?: unknown } | null;
  const build: Build | null =
    typeof exported === 'function'
      ? (exported as Build)
      : exported && typeof exported.default === 'function'
        ? (exported.default as Build)
        : exported && typeof exported.build === 'function'
          ? (exported.build as Build)
          : null;
  if (!build) {
    throw tagged(
      'BAD_RETURN',
      'The code must export its model builder: export default function build(tf, task) { ... }',
    );
  }
  const result = (await build(tf, task)) as { model?: unknown; compile?: unknown; fit?: unknown } | null;
  if (result === null || typeof result !== 'object') {
    throw tagged(
      'BAD_RETURN',
      'build(tf, task) must return an object { model, compile, fit }; it returned ' + describe(result) + '.',
    );
  }
  const model = result.model;
  if (!(model instanceof LayersModel)) {
    throw tagged(
      'BAD_RETURN',
      'The "model" that build(tf, task) returned is not a tfjs model: make it with tf.sequential() or tf.model(), and return it as { model, compile, fit }.',
    );
  }
  const topology = model.toJSON(null, false);
  return boundedStringify({ topology: topology, compile: result.compile, fit: result.fit }, maxChars);
};

globals.__dojoAnalyse = async function (topologyJson, maxChars) {
  let model;
  try {
    model = await tf.models.modelFromJSON(parse(topologyJson));
  } catch (e) {
    throw tagged('INVALID_MODEL', e && (e as Error).message ? String((e as Error).message) : String(e));
  }
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    className: layer.getClassName(),
    params: layer.countParams(),
    outputShape: layer.outputShape,
  }));
  return boundedStringify(
    {
      topology: model.toJSON(null, false),
      total: model.countParams(),
      layers: layers,
      inputShapes: model.inputs.map((t) => t.shape),
      outputShapes: model.outputs.map((t) => t.shape),
    },
    maxChars,
  );
};
