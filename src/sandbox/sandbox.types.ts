/**
 * Types shared by the sandbox (pipeline step 1), the child process that hosts the isolates,
 * and the model validator (pipeline step 2). Type-only: this file holds no runtime code, so
 * the sandbox child can import it without pulling anything else in.
 */

import type { JsonObject } from '../common/json.js';
import type { DatasetName } from '../datasets/names.js';

/** How the candidate wrote the submission. */
export type SubmissionLanguage = 'TYPESCRIPT' | 'JAVASCRIPT' | 'KERAS_JSON';

/**
 * What the candidate's `build(tf, task)` function receives: a description of the task,
 * never any data. `inputShape` excludes the batch dimension ([32, 32, 3] for CIFAR-10,
 * [seqLen] for IMDb). IMDb is a binary task: `numClasses` is 2.
 */
export interface ModelTask {
  dataset: DatasetName;
  inputShape: number[];
  numClasses: number;
  vocabSize?: number;
  seqLen?: number;
  /**
   * The output the exercise asks for. Absent: numClasses units with softmax, or, when
   * numClasses is 2, also 1 unit with sigmoid. 'sigmoid' is only meaningful with numClasses 2.
   * 'reconstruction': the model outputs its input's shape (an autoencoder), trained on the inputs
   * as targets with meanSquaredError and graded by the mean squared error on the test split.
   */
  output?: 'softmax' | 'sigmoid' | 'reconstruction';
  /** Reconstruction: some layer's output (the code) must hold at most this many values per example. */
  maxCodeSize?: number;
}

/** Resource limits for building one model in the sandbox. */
export interface SandboxLimits {
  /** Heap + array-buffer limit of the isolate, in MB (isolated-vm `memoryLimit`). */
  memoryMb: number;
  /** CPU time the candidate's code may use, in milliseconds. */
  cpuMs: number;
  /** Wall-clock time for the whole build, in milliseconds (covers never-settling promises). */
  wallMs: number;
  /** Largest JSON (topology + plan) the isolate may hand back, in bytes. */
  maxOutputBytes: number;
  /** What the candidate's console.log & co. may print in one run, in bytes (default 65536) and lines (default 500). */
  consoleMaxBytes?: number;
  consoleMaxLines?: number;
}

/**
 * What the candidate's code printed (console.log, info, debug; warn and error lines start with
 * "warn: " / "error: "), within the limits; when cut, `truncated` and a last line saying so.
 * Lost when the isolate is stopped (time or memory limit): it lives inside the isolate.
 */
export interface ConsoleOutput {
  text: string;
  truncated: boolean;
}

/** Parameter count of one top-level layer, as rebuilt from the topology. */
export interface LayerParams {
  name: string;
  className: string;
  params: number;
  /** Output shape with `null` for the batch dimension (an array of shapes for multi-output layers). */
  outputShape: unknown;
}

/** What the trusted analysis of a topology found (computed without allocating weights). */
export interface ModelParams {
  total: number;
  layers: LayerParams[];
}

export type SandboxFailureCode =
  | 'COMPILE_ERROR'
  | 'RUNTIME_ERROR'
  | 'TIMEOUT'
  | 'MEMORY_LIMIT'
  | 'BAD_RETURN'
  | 'INVALID_MODEL'
  | 'OUTPUT_TOO_LARGE'
  | 'SANDBOX_CRASHED';

export interface SandboxSuccess {
  ok: true;
  /**
   * The model topology as tfjs serialises it (`model.toJSON(null, false)` of the model
   * rebuilt from what the candidate returned): Keras-style, snake_case keys. Feed it to
   * `tf.models.modelFromJSON` to train.
   */
  topology: JsonObject;
  /** Parameter counts, computed in a fresh isolate from the topology alone. */
  params: ModelParams;
  /** Input shapes of the model, batch dimension included as `null`. */
  inputShapes: (number | null)[][];
  /** Output shapes of the model, batch dimension included as `null`. */
  outputShapes: (number | null)[][];
  /** The compile/fit plan exactly as the candidate gave it (plain JSON, not yet validated). */
  plan: { compile: unknown; fit: unknown };
  /** Time spent in the sandbox (both isolates), in milliseconds. */
  millis: number;
  /** What build(tf, task) printed. */
  console: ConsoleOutput;
}

export interface SandboxFailure {
  ok: false;
  code: SandboxFailureCode;
  /** A message for the candidate: names the limit or the problem, never a host path or stack. */
  message: string;
  /** Where in the candidate's source (1-based), for compile errors and errors thrown in their code. */
  line?: number;
  column?: number;
  /** What the code printed before it failed, when it ran at all. */
  console?: ConsoleOutput;
}

export type SandboxOutcome = SandboxSuccess | SandboxFailure;

export interface SandboxRequest {
  language: SubmissionLanguage;
  code: string;
  task: ModelTask;
  limits?: Partial<SandboxLimits>;
}

// ---------------------------------------------------------------------------------------
// Coding exercises: run one exported function of the candidate on inputs the host chooses.
// ---------------------------------------------------------------------------------------

/**
 * One call of the candidate's function. `args` is the argument list in the sandbox's wire
 * form (src/sandbox/wire.ts): plain JSON, except that NaN, ±Infinity and undefined are
 * written as tagged objects and every object is wrapped, so nothing is lost over JSON IPC.
 */
export interface FunctionCall {
  args: unknown[];
}

/** Run a candidate's exported function once per call, each call under the limits. */
export interface FunctionRunRequest {
  language: 'TYPESCRIPT' | 'JAVASCRIPT';
  code: string;
  /** Export to call: `default`, or a named export. */
  entry: string;
  calls: FunctionCall[];
  /**
   * Per call: memoryMb (the isolate's), cpuMs and wallMs (each call's own budget) and
   * maxOutputBytes (the JSON of one return value). Defaults: the pool's limits.
   */
  limits?: Partial<SandboxLimits>;
}

export type FunctionCallFailureCode = 'RUNTIME_ERROR' | 'TIMEOUT' | 'MEMORY_LIMIT' | 'OUTPUT_TOO_LARGE' | 'BAD_RETURN';

export type FunctionCallOutcome = (
  | { ok: true; /** The return value in wire form. */ value: unknown; millis: number }
  | { ok: false; code: FunctionCallFailureCode; message: string; millis: number; line?: number; column?: number }
) & {
  /** What this call printed (the run's limits are shared by the module load and every call). */
  console?: string;
};

export type FunctionRunOutcome =
  /** `console`: everything printed, loading the module and in every call, in order. */
  | { ok: true; calls: FunctionCallOutcome[]; millis: number; console: ConsoleOutput }
  /** The whole run failed before (or instead of) calling anything: compile error, missing export, crash. */
  | SandboxFailure;
