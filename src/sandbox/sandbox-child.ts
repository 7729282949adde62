/**
 * The sandbox child process: hosts isolated-vm isolates that run candidate model code.
 *
 * Started by `SandboxPool` (sandbox.ts) with `child_process.fork` and
 * `--no-node-snapshot`; talks to its parent over IPC only:
 *   parent → child  { type: 'build', id, request: ChildBuildRequest }
 *   child  → parent { type: 'ready' } once, then { type: 'result', id, outcome: SandboxOutcome }
 * If anything in here goes badly wrong (an isolate escapes its limits, native crash), only
 * this process dies; the parent notices, answers SANDBOX_CRASHED and starts a new child.
 *
 * One build runs in two isolates, each fresh and loaded with tfjs-core, the cpu backend and
 * tfjs-layers (from V8 code cache after the first one), with `Layer.prototype.addWeight`
 * replaced so that no weight is allocated at its real size:
 *   A. candidate isolate: runs the candidate's `build(tf, task)`; only a JSON string
 *      `{ topology, compile, fit }` comes back, size-checked inside and outside the isolate.
 *      (Skipped for KERAS_JSON, whose JSON is parsed here, on the host side.)
 *   B. analysis isolate: runs no candidate code; rebuilds the model from the topology
 *      (`tf.models.modelFromJSON`) and reports the parameter count per layer, input and
 *      output shapes and the normalised topology. Everything the validator trusts comes
 *      from here, so a candidate who tampers with tfjs inside isolate A gains nothing.
 *
 * This file must only import node built-ins, packages and *types* from sibling files: under
 * Jest it is transpiled on its own into node_modules/.cache (see sandbox.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ivm from 'isolated-vm';
import type {
  FunctionCall,
  FunctionCallFailureCode,
  FunctionCallOutcome,
  FunctionRunOutcome,
  ModelTask,
  SandboxFailureCode,
  SandboxLimits,
  SandboxOutcome,
  SubmissionLanguage,
} from './sandbox.types.js';

export interface ChildBuildRequest {
  language: SubmissionLanguage;
  code: string;
  task: ModelTask;
  limits: SandboxLimits;
}

const requireFromHere = createRequire(import.meta.url);
const readPackageFile = (specifier: string): string => readFileSync(requireFromHere.resolve(specifier), 'utf8');

/** Largest TypeScript/JavaScript submission, in bytes. */
export const MAX_SOURCE_BYTES = 256 * 1024;

/** Marks errors raised on purpose by the trusted code inside an isolate. */
const TAG = '\u0000DOJO:';

/** The bare isolate lacks what the UMD bundles expect from a browser: give them just enough. */
const SHIM_SOURCE = `
var self = globalThis;
globalThis.console = { log: function () {}, info: function () {}, warn: function () {}, error: function () {}, debug: function () {} };
`;

/**
 * Replaces Layer.prototype.addWeight: the layer gets a variable of shape [1, 1, …] (same
 * rank, zeros), whose `shape` is then set to the requested one. Layer configs, and so
 * `model.toJSON()`, are untouched; `countParams()` reads `shape`, so it stays exact.
 */
const HOOK_SOURCE = `
(function () {
  'use strict';
  var Layer = tf.layers.Layer;
  var original = Layer.prototype.addWeight;
  var zeros = tf.initializers.zeros();
  var isInteger = Number.isInteger;
  var stringify = JSON.stringify;
  Object.defineProperty(Layer.prototype, 'addWeight', {
    configurable: true, writable: true,
    value: function addWeight(name, shape, dtype, initializer, regularizer, trainable, constraint) {
      var real = [];
      for (var i = 0; i < shape.length; i++) {
        var d = shape[i];
        if (!isInteger(d) || d < 0) {
          throw new Error('Layer "' + this.name + '": weight "' + name + '" has an invalid shape ' + stringify(shape));
        }
        real.push(d);
      }
      var placeholder = real.map(function () { return 1; });
      var variable = original.call(this, name, placeholder, dtype, zeros, regularizer, trainable, constraint, undefined);
      variable.shape = real;
      return variable;
    },
  });
})();
`;

/**
 * Trusted functions defined in every isolate before any candidate code runs. They capture
 * the intrinsics they use, so a candidate replacing JSON.stringify later changes nothing.
 */
const RUNNER_SOURCE = `
(function () {
  'use strict';
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var LayersModel = tf.LayersModel;
  var TAG = ${JSON.stringify(TAG)};
  function tagged(code, message) { return new Error(TAG + code + ':' + message); }
  function describe(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : 'a value of type ' + typeof value;
  }
  function boundedStringify(value, maxChars) {
    var size = 0;
    var out = stringify(value, function (key, v) {
      size += key.length + 4;
      if (typeof v === 'string') size += v.length;
      if (size > maxChars) throw tagged('OUTPUT_TOO_LARGE', String(maxChars));
      return v;
    });
    if (typeof out !== 'string' || out.length > maxChars) throw tagged('OUTPUT_TOO_LARGE', String(maxChars));
    return out;
  }

  globalThis.__dojoRunCandidate = async function (factory, task, maxChars) {
    var module = { exports: {} };
    var require = function (name) {
      throw new Error('Imports are not available in the sandbox (the code asked for "' + String(name) +
        '"). Use the tf object that build(tf, task) receives.');
    };
    factory.call(undefined, module, module.exports, require);
    var exported = module.exports;
    var build = typeof exported === 'function' ? exported
      : exported && typeof exported.default === 'function' ? exported.default
      : exported && typeof exported.build === 'function' ? exported.build : null;
    if (!build) {
      throw tagged('BAD_RETURN', 'The code must export its model builder: export default function build(tf, task) { ... }');
    }
    var result = await build(tf, task);
    if (result === null || typeof result !== 'object') {
      throw tagged('BAD_RETURN', 'build(tf, task) must return an object { model, compile, fit }; it returned ' + describe(result) + '.');
    }
    var model = result.model;
    if (!(model instanceof LayersModel)) {
      throw tagged('BAD_RETURN', 'The "model" that build(tf, task) returned is not a tfjs model: make it with tf.sequential() or tf.model(), and return it as { model, compile, fit }.');
    }
    var topology = model.toJSON(null, false);
    return boundedStringify({ topology: topology, compile: result.compile, fit: result.fit }, maxChars);
  };

  globalThis.__dojoAnalyse = async function (topologyJson, maxChars) {
    var model;
    try {
      model = await tf.models.modelFromJSON(parse(topologyJson));
    } catch (e) {
      throw tagged('INVALID_MODEL', e && e.message ? String(e.message) : String(e));
    }
    var layers = model.layers.map(function (layer) {
      return { name: layer.name, className: layer.getClassName(), params: layer.countParams(), outputShape: layer.outputShape };
    });
    return boundedStringify({
      topology: model.toJSON(null, false),
      total: model.countParams(),
      layers: layers,
      inputShapes: model.inputs.map(function (t) { return t.shape; }),
      outputShapes: model.outputs.map(function (t) { return t.shape; }),
    }, maxChars);
  };
})();
`;

export interface ScriptSource {
  code: string;
  filename: string;
  cachedData?: ivm.ExternalCopy<ArrayBuffer>;
}

let scripts: ScriptSource[] | undefined;

/** The scripts every isolate runs before candidate code (exported for the benchmark). */
export function loadScripts(): ScriptSource[] {
  if (!scripts) {
    scripts = [
      { code: SHIM_SOURCE, filename: 'dojo-shim.js' },
      // The cpu backend's UMD bundle looks for a global `seedrandom`; its own bundle puts it on Math.
      {
        code: `${readPackageFile('seedrandom/seedrandom.min.js')}\n;globalThis.seedrandom = Math.seedrandom;`,
        filename: 'seedrandom.js',
      },
      { code: readPackageFile('@tensorflow/tfjs-core/dist/tf-core.es2017.min.js'), filename: 'tf-core.js' },
      {
        code: readPackageFile('@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.es2017.min.js'),
        filename: 'tf-backend-cpu.js',
      },
      { code: readPackageFile('@tensorflow/tfjs-layers/dist/tf-layers.es2017.min.js'), filename: 'tf-layers.js' },
      { code: 'tf.setBackend("cpu");', filename: 'dojo-backend.js' },
      { code: HOOK_SOURCE, filename: 'dojo-hook.js' },
      { code: RUNNER_SOURCE, filename: 'dojo-runner.js' },
    ];
  }
  return scripts;
}

export interface PreparedIsolate {
  isolate: ivm.Isolate;
  context: ivm.Context;
  memoryMb: number;
}

/**
 * Makes a fresh isolate with tfjs loaded. The first one compiles the bundles and keeps V8's
 * code cache; later ones start from that cache (~12 ms instead of ~35 ms here).
 *
 * Why not `ivm.Isolate.createSnapshot`: with isolated-vm 5.0.4 on Node 20.20, isolates made
 * from a snapshot of these bundles misbehave — functions of the bundle's closure are "not
 * defined" and string constants come back corrupted ("Not a valid tensor name:
 * 'conv2d\u00c6Conv2D1_input'"), with or without a warm-up script, --no-lazy or
 * --regexp-interpret-all. Known upstream: laverdet/isolated-vm#359 (snapshot test fails on
 * Node 20 with corrupted characters); the maintainer advises avoiding createSnapshot (#352).
 */
export async function prepareIsolate(memoryMb: number): Promise<PreparedIsolate> {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  try {
    const context = await isolate.createContext();
    for (const source of loadScripts()) {
      const script = await isolate.compileScript(source.code, {
        filename: source.filename,
        ...(source.cachedData ? { cachedData: source.cachedData } : { produceCachedData: true }),
      });
      const produced = (script as ivm.Script & { cachedData?: ivm.ExternalCopy<ArrayBuffer> }).cachedData;
      if (!source.cachedData && produced) source.cachedData = produced;
      await script.run(context);
      script.release();
    }
    return { isolate, context, memoryMb };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

/** Spare isolates, loaded while the child is idle. Each build takes two. */
const SPARES = 2;
const spares: Promise<PreparedIsolate>[] = [];
let spareMemoryMb = 128;

function refillSpares(): void {
  while (spares.length < SPARES) {
    const next = prepareIsolate(spareMemoryMb);
    next.catch(() => undefined);
    spares.push(next);
  }
}

async function takeIsolate(memoryMb: number): Promise<PreparedIsolate> {
  if (memoryMb !== spareMemoryMb) {
    // A different limit: later builds probably use it too.
    for (const spare of spares.splice(0)) spare.then((p) => p.isolate.dispose()).catch(() => undefined);
    spareMemoryMb = memoryMb;
  }
  const spare = spares.shift();
  if (spare) {
    try {
      return await spare;
    } catch {
      // fall through to a fresh one
    }
  }
  return prepareIsolate(memoryMb);
}

class SandboxFailureError extends Error {
  constructor(
    readonly code: SandboxFailureCode,
    message: string,
  ) {
    super(message);
  }
}

function formatMb(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Keeps candidate-facing messages short and free of control characters. */
function clean(message: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = message.replace(/[\u0000-\u0008\u000b-\u001f]/g, '').trim();
  return flat.length > 1000 ? `${flat.slice(0, 1000)}…` : flat;
}

function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * For each line of transpiled code, the line of the candidate's source it came from
 * (1-based), decoded from the source map's VLQ "mappings".
 */
function lineMap(sourceMapText: string | undefined): number[] {
  const map: number[] = [];
  if (!sourceMapText) return map;
  let mappings: string;
  try {
    mappings = String((JSON.parse(sourceMapText) as { mappings?: unknown }).mappings ?? '');
  } catch {
    return map;
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let originalLine = 0;
  mappings.split(';').forEach((line, generatedLine) => {
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = alphabet.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      if (fields.length >= 4) {
        originalLine += fields[2];
        if (map[generatedLine + 1] === undefined) map[generatedLine + 1] = originalLine + 1;
      }
    }
  });
  return map;
}

/** "…(near line 7)" from the isolate's stack, if the error came from the candidate's file. */
function candidateLine(error: unknown, lines: number[]): string {
  const stack =
    error && typeof error === 'object' && 'stack' in error ? String((error as { stack: unknown }).stack) : '';
  const match = /submission\.(?:js|ts):(\d+):(\d+)/.exec(stack);
  if (!match) return '';
  const line = lines[Number(match[1])];
  return line ? ` (near line ${line})` : '';
}

/** Source lines of the submission being built (set per build; one build at a time). */
let currentLines: number[] = [];

/** candidate/analysis: building a model; load/call: a coding exercise's module and one call of its function. */
type Phase = 'candidate' | 'analysis' | 'load' | 'call';

/**
 * Runs `work` in a prepared isolate under the limits: memory (the isolate's memoryLimit),
 * CPU time (polled every 10 ms from isolate.cpuTime) and wall time. Hitting CPU or wall
 * time disposes the isolate, which stops whatever runs in it.
 */
async function runLimited<T>(
  prepared: PreparedIsolate,
  limits: SandboxLimits,
  phase: Phase,
  work: (p: PreparedIsolate) => Promise<T>,
  /** Keep the isolate alive after a successful (or merely throwing) run: coding exercises call it again. */
  keepIsolate = false,
): Promise<T> {
  const { isolate } = prepared;
  const cpuStart = isolate.cpuTime;
  let stopped: 'cpu' | 'wall' | undefined;
  const stop = (why: 'cpu' | 'wall') => {
    if (stopped) return;
    stopped = why;
    if (!isolate.isDisposed) isolate.dispose();
  };
  const cpuBudget = BigInt(limits.cpuMs) * 1_000_000n;
  const poll = setInterval(() => {
    if (isolate.isDisposed) return;
    if (isolate.cpuTime - cpuStart > cpuBudget) stop('cpu');
  }, 10);
  const wall = setTimeout(() => stop('wall'), limits.wallMs);
  try {
    return await work(prepared);
  } catch (error) {
    throw classify(error, stopped, isolate, limits, phase);
  } finally {
    clearInterval(poll);
    clearTimeout(wall);
    if (!keepIsolate && !isolate.isDisposed) isolate.dispose();
  }
}

function classify(
  error: unknown,
  stopped: 'cpu' | 'wall' | undefined,
  isolate: ivm.Isolate,
  limits: SandboxLimits,
  phase: Phase,
): SandboxFailureError {
  if (error instanceof SandboxFailureError) return error;
  const message = errorMessage(error);
  const what =
    phase === 'candidate'
      ? 'Building the model'
      : phase === 'analysis'
        ? 'Rebuilding the model from its topology'
        : phase === 'load'
          ? 'Loading the code'
          : 'The function';
  const coding = phase === 'load' || phase === 'call';
  if (stopped === 'cpu' || /timed out/i.test(message)) {
    return new SandboxFailureError(
      'TIMEOUT',
      `${what} used more than ${formatSeconds(limits.cpuMs)} of CPU time, the limit. Look for an endless loop.`,
    );
  }
  if (stopped === 'wall') {
    return new SandboxFailureError(
      'TIMEOUT',
      coding
        ? `${what} did not finish within ${formatSeconds(limits.wallMs)}, the wall-clock limit. Check that it returns, and that every promise it awaits settles.`
        : `${what} did not finish within ${formatSeconds(limits.wallMs)}, the wall-clock limit. Check that build() returns, and that every promise it awaits settles.`,
    );
  }
  if (
    /memory limit/i.test(message) ||
    /Array buffer allocation failed/i.test(message) ||
    (isolate.isDisposed && /disposed/i.test(message))
  ) {
    return new SandboxFailureError(
      'MEMORY_LIMIT',
      `${what} used more than ${limits.memoryMb} MB of memory, the limit.`,
    );
  }
  const tagAt = message.indexOf(TAG);
  if (tagAt >= 0) {
    const rest = message.slice(tagAt + TAG.length);
    const colon = rest.indexOf(':');
    const code = rest.slice(0, colon);
    const detail = rest.slice(colon + 1);
    if (code === 'OUTPUT_TOO_LARGE' && coding) {
      return new SandboxFailureError(
        'OUTPUT_TOO_LARGE',
        `The return value comes to more than ${formatMb(limits.maxOutputBytes)} of JSON, the limit.`,
      );
    }
    if (code === 'OUTPUT_TOO_LARGE') {
      return new SandboxFailureError(
        'OUTPUT_TOO_LARGE',
        `The model's topology and training plan come to more than ${formatMb(limits.maxOutputBytes)} of JSON, the limit.`,
      );
    }
    if (code === 'BAD_RETURN') return new SandboxFailureError('BAD_RETURN', clean(detail));
    if (code === 'INVALID_MODEL') return new SandboxFailureError('INVALID_MODEL', invalidModelMessage(detail));
  }
  if (phase === 'analysis') return new SandboxFailureError('INVALID_MODEL', invalidModelMessage(message));
  const name = error instanceof Error && error.name && error.name !== 'Error' ? `${error.name}: ` : 'an error: ';
  return new SandboxFailureError(
    'RUNTIME_ERROR',
    clean(`The code threw ${name}${message}${candidateLine(error, currentLines)}`),
  );
}

function invalidModelMessage(detail: string): string {
  const unknown = /Unknown layer: ([^\s.]+)/.exec(detail);
  if (unknown) {
    return `The model uses the layer class "${unknown[1]}", which is not a built-in layer. Lambda and custom layers cannot be trained here; use built-in layers only.`;
  }
  return clean(`The model's topology could not be rebuilt: ${detail}`);
}

let typescript: Promise<typeof import('typescript')> | undefined;

/** The compiler, loaded once (~0.5 s); the child starts loading it as soon as it is ready. */
function loadTypeScript(): Promise<typeof import('typescript')> {
  typescript ??= import('typescript').then((m) => (m as unknown as { default: typeof import('typescript') }).default);
  return typescript;
}

function transpileWith(
  ts: typeof import('typescript'),
  language: 'TYPESCRIPT' | 'JAVASCRIPT',
  code: string,
): import('typescript').TranspileOutput {
  return ts.transpileModule(code, {
    fileName: language === 'TYPESCRIPT' ? 'submission.ts' : 'submission.js',
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      allowJs: true,
      sourceMap: true,
      inlineSourceMap: false,
      removeComments: false,
    },
  });
}

/** TypeScript/JavaScript → CommonJS with a line map; a compile problem is the candidate's COMPILE_ERROR. */
async function transpile(language: 'TYPESCRIPT' | 'JAVASCRIPT', code: string): Promise<string> {
  const ts = await loadTypeScript();
  let output: import('typescript').TranspileOutput;
  try {
    output = transpileWith(ts, language, code);
  } catch (error) {
    // The compiler recurses once per nesting level: 20,000 nested parentheses overflow its stack.
    // That is the code's doing, so it is the candidate's compile error, never a retried crash.
    if (error instanceof RangeError) {
      throw new SandboxFailureError(
        'COMPILE_ERROR',
        'The code does not compile: it is nested too deeply for the compiler (brackets or blocks thousands of levels deep).',
      );
    }
    throw error;
  }
  const diagnostics = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length > 0) {
    const lines = diagnostics.slice(0, 5).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (d.file && d.start !== undefined) {
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        return `line ${line + 1}, column ${character + 1}: ${text}`;
      }
      return text;
    });
    throw new SandboxFailureError('COMPILE_ERROR', clean(`The code does not compile: ${lines.join('; ')}`));
  }
  currentLines = lineMap(output.sourceMapText);
  // Drop the sourceMappingURL comment: the isolate has nothing to fetch it from.
  return output.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '');
}

interface CandidateOutput {
  topology: unknown;
  compile: unknown;
  fit: unknown;
}

function parseBounded(json: unknown, limits: SandboxLimits): unknown {
  if (typeof json !== 'string') throw new SandboxFailureError('BAD_RETURN', 'The sandbox returned no JSON.');
  if (Buffer.byteLength(json, 'utf8') > limits.maxOutputBytes) {
    throw new SandboxFailureError(
      'OUTPUT_TOO_LARGE',
      `The model's topology and training plan come to more than ${formatMb(limits.maxOutputBytes)} of JSON, the limit.`,
    );
  }
  return JSON.parse(json);
}

/** Phase A: the candidate's code in its own isolate. */
async function runCandidate(
  language: 'TYPESCRIPT' | 'JAVASCRIPT',
  code: string,
  task: ModelTask,
  limits: SandboxLimits,
): Promise<CandidateOutput> {
  const commonJs = await transpile(language, code);
  const prepared = await takeIsolate(limits.memoryMb);
  const json = await runLimited(prepared, limits, 'candidate', async ({ isolate, context }) => {
    let script: ivm.Script;
    try {
      // Same first line as the transpiled code, so stack line numbers match it.
      script = await isolate.compileScript(`(function (module, exports, require) {${commonJs}\n})`, {
        filename: 'submission.js',
      });
    } catch (error) {
      throw new SandboxFailureError('COMPILE_ERROR', clean(`The code does not compile: ${errorMessage(error)}`));
    }
    const factory = (await script.run(context, { reference: true, timeout: limits.cpuMs })) as ivm.Reference<unknown>;
    return context.evalClosure(
      'return __dojoRunCandidate($0, $1, $2);',
      [factory.derefInto(), new ivm.ExternalCopy(task).copyInto(), Math.floor(limits.maxOutputBytes)],
      { result: { promise: true, copy: true }, timeout: limits.cpuMs },
    );
  });
  const parsed = parseBounded(json, limits) as CandidateOutput;
  return parsed;
}

/** Phase B: trusted analysis of a topology in a fresh isolate. */
async function analyse(topology: unknown, limits: SandboxLimits) {
  const prepared = await takeIsolate(limits.memoryMb);
  const json = await runLimited(prepared, limits, 'analysis', ({ context }) =>
    context.evalClosure(
      'return __dojoAnalyse($0, $1);',
      [JSON.stringify(topology), Math.floor(limits.maxOutputBytes)],
      {
        result: { promise: true, copy: true },
        timeout: limits.cpuMs,
      },
    ),
  );
  return parseBounded(json, limits) as {
    topology: Record<string, unknown>;
    total: number;
    layers: { name: string; className: string; params: number; outputShape: unknown }[];
    inputShapes: (number | null)[][];
    outputShapes: (number | null)[][];
  };
}

function parseKerasSubmission(code: string, limits: SandboxLimits): CandidateOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(code);
  } catch (error) {
    throw new SandboxFailureError('COMPILE_ERROR', clean(`The submission is not valid JSON: ${errorMessage(error)}`));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('model' in parsed)) {
    throw new SandboxFailureError(
      'BAD_RETURN',
      'A KERAS_JSON submission is an object { "model": <model.to_json()>, "compile": {...}, "fit": {...} }.',
    );
  }
  const record = parsed as Record<string, unknown>;
  let model = record.model;
  if (typeof model === 'string') {
    try {
      model = JSON.parse(model);
    } catch (error) {
      throw new SandboxFailureError(
        'COMPILE_ERROR',
        clean(`"model" is a string but not valid JSON: ${errorMessage(error)}`),
      );
    }
  }
  if (model === null || typeof model !== 'object' || Array.isArray(model)) {
    throw new SandboxFailureError(
      'BAD_RETURN',
      '"model" must be the JSON that Keras model.to_json() produces (an object, or that object as a string).',
    );
  }
  void limits;
  return { topology: model, compile: record.compile, fit: record.fit };
}

export async function handleBuild(request: ChildBuildRequest): Promise<SandboxOutcome> {
  const started = performance.now();
  const { language, code, task, limits } = request;
  currentLines = [];
  try {
    // Source code is capped well below the JSON limit: transpiling runs outside the isolate.
    const maxBytes =
      language === 'KERAS_JSON' ? limits.maxOutputBytes : Math.min(limits.maxOutputBytes, MAX_SOURCE_BYTES);
    if (typeof code !== 'string' || Buffer.byteLength(code, 'utf8') > maxBytes) {
      throw new SandboxFailureError('COMPILE_ERROR', `The submission is larger than ${formatMb(maxBytes)}, the limit.`);
    }
    const candidate =
      language === 'KERAS_JSON' ? parseKerasSubmission(code, limits) : await runCandidate(language, code, task, limits);
    const analysis = await analyse(candidate.topology, limits);
    return {
      ok: true,
      topology: analysis.topology,
      params: { total: analysis.total, layers: analysis.layers },
      inputShapes: analysis.inputShapes,
      outputShapes: analysis.outputShapes,
      plan: { compile: candidate.compile ?? null, fit: candidate.fit ?? null },
      millis: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (error instanceof SandboxFailureError) return { ok: false, code: error.code, message: error.message };
    return {
      ok: false,
      code: 'SANDBOX_CRASHED',
      message: 'The sandbox failed while building the model; this is not your fault, please retry.',
    };
  } finally {
    refillSpares();
  }
}

// ---------------------------------------------------------------------------------------
// Coding exercises: call one exported function of the candidate, once per test input.
// ---------------------------------------------------------------------------------------

export interface ChildRunRequest {
  language: 'TYPESCRIPT' | 'JAVASCRIPT';
  code: string;
  entry: string;
  calls: FunctionCall[];
  limits: SandboxLimits;
}

/**
 * Trusted code of a coding isolate (no tfjs: plain JavaScript only). It reads the arguments
 * from the wire form and writes the return value back in it (see src/sandbox/wire.ts, which
 * is the host's copy of the same format), counting the size while it writes. Defined before
 * the candidate's code runs, with the intrinsics it needs captured.
 */
const CODING_RUNNER_SOURCE = `
(function () {
  'use strict';
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var isArray = Array.isArray;
  var isView = ArrayBuffer.isView;
  var getPrototypeOf = Object.getPrototypeOf;
  var ObjectPrototype = Object.prototype;
  var keys = Object.keys;
  var hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
  var defineProperty = Object.defineProperty;
  var isFinite_ = Number.isFinite;
  var isNaN_ = Number.isNaN;
  var DataView_ = DataView;
  var Promise_ = Promise;
  var apply = Function.prototype.call.bind(Function.prototype.apply);
  var TAG = ${JSON.stringify(TAG)};
  function tagged(code, message) { return new Error(TAG + code + ':' + message); }

  function fromWire(w) {
    if (w === null || typeof w !== 'object') return w;
    if (isArray(w)) {
      var a = new Array(w.length);
      for (var i = 0; i < w.length; i++) a[i] = fromWire(w[i]);
      return a;
    }
    if (hasOwn(w, '$')) {
      if (w.$ === 'NaN') return NaN;
      if (w.$ === 'Infinity') return Infinity;
      if (w.$ === '-Infinity') return -Infinity;
      return undefined;
    }
    var o = {};
    var src = w.$o, ks = keys(src);
    for (var j = 0; j < ks.length; j++) {
      defineProperty(o, ks[j], { value: fromWire(src[ks[j]]), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }

  function describe(v) {
    if (typeof v === 'function') return 'a function';
    if (typeof v === 'bigint') return 'a bigint';
    if (typeof v === 'symbol') return 'a symbol';
    var proto = getPrototypeOf(v);
    var name = proto && proto.constructor && typeof proto.constructor.name === 'string' ? proto.constructor.name : 'object';
    return 'an object of class ' + name;
  }

  function toWire(v, depth, budget) {
    if (depth > 64) throw tagged('BAD_RETURN', 'The return value is nested more than 64 levels deep, or refers to itself.');
    budget.size += 8;
    if (budget.size > budget.max) throw tagged('OUTPUT_TOO_LARGE', String(budget.max));
    if (v === undefined) return { $: 'undefined' };
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      budget.size += v.length;
      if (budget.size > budget.max) throw tagged('OUTPUT_TOO_LARGE', String(budget.max));
      return v;
    }
    if (typeof v === 'number') {
      if (isFinite_(v)) return v;
      return { $: isNaN_(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
    }
    if (typeof v !== 'object') return { $x: describe(v) };
    if (isArray(v) || (isView(v) && !(v instanceof DataView_))) {
      var n = v.length;
      budget.size += n;
      if (budget.size > budget.max) throw tagged('OUTPUT_TOO_LARGE', String(budget.max));
      var a = new Array(n);
      for (var i = 0; i < n; i++) a[i] = toWire(v[i], depth + 1, budget);
      return a;
    }
    var proto = getPrototypeOf(v);
    if (proto !== ObjectPrototype && proto !== null) return { $x: describe(v) };
    var out = {};
    var ks = keys(v);
    for (var k = 0; k < ks.length; k++) {
      budget.size += ks[k].length + 4;
      defineProperty(out, ks[k], { value: toWire(v[ks[k]], depth + 1, budget), enumerable: true, writable: true, configurable: true });
    }
    return { $o: out };
  }

  var fn = null;
  globalThis.__dojoLoad = function (factory, entry) {
    var module = { exports: {} };
    var require = function (name) {
      throw new Error('Imports are not available in the sandbox (the code asked for "' + String(name) + '"). Write the function without imports.');
    };
    factory.call(undefined, module, module.exports, require);
    var exported = module.exports;
    var f = entry === 'default'
      ? (typeof exported === 'function' ? exported : exported && exported.default)
      : exported && exported[entry];
    if (typeof f !== 'function') {
      var names = exported && typeof exported === 'object' ? keys(exported).filter(function (k) { return k !== '__esModule'; }) : [];
      var wanted = entry === 'default' ? 'a default export: export default function ...' : 'a function exported as "' + entry + '": export function ' + entry + '(...) { ... }';
      throw tagged('BAD_RETURN', 'The code must provide ' + wanted + '. It exports ' + (names.length ? names.join(', ') : 'nothing') + '.');
    }
    fn = f;
  };
  globalThis.__dojoCall = function (argsJson, maxChars) {
    var args = fromWire(parse(argsJson));
    return Promise_.resolve(apply(fn, undefined, args)).then(function (result) {
      var out = stringify(toWire(result, 0, { size: 0, max: maxChars }));
      if (out.length > maxChars) throw tagged('OUTPUT_TOO_LARGE', String(maxChars));
      return out;
    });
  };
})();
`;

/** A fresh isolate without tfjs (coding exercises need none): ~2 ms. */
async function prepareCodingIsolate(memoryMb: number): Promise<PreparedIsolate> {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  try {
    const context = await isolate.createContext();
    for (const [code, filename] of [
      [SHIM_SOURCE, 'dojo-shim.js'],
      [CODING_RUNNER_SOURCE, 'dojo-coding-runner.js'],
    ]) {
      const script = await isolate.compileScript(code, { filename });
      await script.run(context);
      script.release();
    }
    return { isolate, context, memoryMb };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

const CALL_FAILURES = new Set<string>(['RUNTIME_ERROR', 'TIMEOUT', 'MEMORY_LIMIT', 'OUTPUT_TOO_LARGE', 'BAD_RETURN']);

/**
 * Loads the candidate's module once and calls its function for each input, each call under
 * its own CPU/wall budget. A call that times out or runs out of memory loses the isolate:
 * that call fails, and the module is loaded into a fresh isolate for the next one.
 */
export async function handleRun(request: ChildRunRequest): Promise<FunctionRunOutcome> {
  const started = performance.now();
  const { language, code, entry, calls, limits } = request;
  currentLines = [];
  let loaded: PreparedIsolate | undefined;
  try {
    const maxBytes = Math.min(limits.maxOutputBytes, MAX_SOURCE_BYTES);
    if (typeof code !== 'string' || Buffer.byteLength(code, 'utf8') > maxBytes) {
      throw new SandboxFailureError('COMPILE_ERROR', `The submission is larger than ${formatMb(maxBytes)}, the limit.`);
    }
    if (language !== 'TYPESCRIPT' && language !== 'JAVASCRIPT') {
      throw new SandboxFailureError('COMPILE_ERROR', 'A coding exercise takes TypeScript or JavaScript.');
    }
    const commonJs = await transpile(language, code);
    const load = async (): Promise<PreparedIsolate> => {
      const prepared = await prepareCodingIsolate(limits.memoryMb);
      try {
        await runLimited(
          prepared,
          limits,
          'load',
          async ({ isolate, context }) => {
            let script: ivm.Script;
            try {
              script = await isolate.compileScript(`(function (module, exports, require) {${commonJs}\n})`, {
                filename: 'submission.js',
              });
            } catch (error) {
              throw new SandboxFailureError(
                'COMPILE_ERROR',
                clean(`The code does not compile: ${errorMessage(error)}`),
              );
            }
            const factory = (await script.run(context, {
              reference: true,
              timeout: limits.cpuMs,
            })) as ivm.Reference<unknown>;
            await context.evalClosure('__dojoLoad($0, $1);', [factory.derefInto(), entry], { timeout: limits.cpuMs });
          },
          true,
        );
      } catch (error) {
        if (!prepared.isolate.isDisposed) prepared.isolate.dispose();
        throw error;
      }
      return prepared;
    };
    loaded = await load();
    const outcomes: FunctionCallOutcome[] = [];
    for (const call of calls) {
      const callStarted = performance.now();
      try {
        if (!loaded || loaded.isolate.isDisposed) loaded = await load();
        const json = await runLimited(
          loaded,
          limits,
          'call',
          ({ context }) =>
            context.evalClosure(
              'return __dojoCall($0, $1);',
              [JSON.stringify(call.args), Math.floor(limits.maxOutputBytes)],
              {
                result: { promise: true, copy: true },
                timeout: limits.cpuMs,
              },
            ),
          true,
        );
        if (typeof json !== 'string' || Buffer.byteLength(json, 'utf8') > limits.maxOutputBytes) {
          throw new SandboxFailureError(
            'OUTPUT_TOO_LARGE',
            `The return value comes to more than ${formatMb(limits.maxOutputBytes)} of JSON, the limit.`,
          );
        }
        outcomes.push({
          ok: true,
          value: JSON.parse(json) as unknown,
          millis: Math.round(performance.now() - callStarted),
        });
      } catch (error) {
        if (!(error instanceof SandboxFailureError) || !CALL_FAILURES.has(error.code)) throw error;
        outcomes.push({
          ok: false,
          code: error.code as FunctionCallFailureCode,
          message: error.message,
          millis: Math.round(performance.now() - callStarted),
        });
      }
    }
    return { ok: true, calls: outcomes, millis: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof SandboxFailureError) return { ok: false, code: error.code, message: error.message };
    return {
      ok: false,
      code: 'SANDBOX_CRASHED',
      message: 'The sandbox failed while running the code; this is not your fault, please retry.',
    };
  } finally {
    if (loaded && !loaded.isolate.isDisposed) loaded.isolate.dispose();
  }
}

interface BuildMessage {
  type: 'build';
  id: number;
  request: ChildBuildRequest;
}

function isBuildMessage(message: unknown): message is BuildMessage {
  return !!message && typeof message === 'object' && (message as { type?: unknown }).type === 'build';
}

interface RunMessage {
  type: 'run';
  id: number;
  request: ChildRunRequest;
}

function isRunMessage(message: unknown): message is RunMessage {
  return !!message && typeof message === 'object' && (message as { type?: unknown }).type === 'run';
}

if (process.send) {
  const memoryArg = process.argv.find((a) => a.startsWith('--memory-mb='));
  if (memoryArg) spareMemoryMb = Number(memoryArg.slice('--memory-mb='.length)) || spareMemoryMb;
  process.on('message', (message: unknown) => {
    if (isRunMessage(message)) {
      void handleRun(message.request).then((outcome) => {
        process.send?.({ type: 'result', id: message.id, outcome });
      });
      return;
    }
    if (!isBuildMessage(message)) return;
    void handleBuild(message.request).then((outcome) => {
      process.send?.({ type: 'result', id: message.id, outcome });
    });
  });
  process.on('disconnect', () => process.exit(0));
  // Warm up: the first isolate compiles the bundles and produces the code cache.
  const warmStart = performance.now();
  // Ready means ready to build at full speed: tfjs compiled once (code cache made) and the
  // TypeScript compiler loaded, so neither counts against a build's deadline.
  prepareIsolate(spareMemoryMb)
    .then(async (p) => {
      p.isolate.dispose();
      refillSpares();
      await loadTypeScript();
      process.send?.({ type: 'ready', warmMillis: Math.round(performance.now() - warmStart) });
    })
    .catch((error: unknown) => {
      process.send?.({ type: 'fatal', message: errorMessage(error) });
      process.exit(1);
    });
}
