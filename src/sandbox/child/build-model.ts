/**
 * A model build in the child, in two fresh tfjs isolates:
 *   A. candidate isolate: runs the candidate's `build(tf, task)` (guest/model-runner.ts);
 *      only a JSON string `{ topology, compile, fit }` comes back, size-checked inside and
 *      outside the isolate. (Skipped for KERAS_JSON: see keras-json.ts.)
 *   B. analysis isolate: runs no candidate code; rebuilds the model from the topology and
 *      reports the parameter count per layer, input and output shapes and the normalised
 *      topology. Everything the validator trusts comes from here, so a candidate who tampers
 *      with tfjs inside isolate A gains nothing.
 */
import ivm from 'isolated-vm';
import type { JsonObject } from '../../common/json.js';
import type { ModelTask, SandboxLimits, SandboxOutcome } from '../sandbox.types.js';
import { ConsoleCapture } from './console-capture.js';
import { compileFailure, formatMb, SandboxFailureError } from './failures.js';
import { refillSpares, takeIsolate } from './isolates.js';
import { parseKerasSubmission, type CandidateOutput } from './keras-json.js';
import { MAX_SOURCE_BYTES, type ChildBuildRequest } from './protocol.js';
import { runLimited } from './run-limited.js';
import { moduleFactorySource, transpile } from './transpile.js';

interface Analysis {
  topology: JsonObject;
  total: number;
  layers: { name: string; className: string; params: number; outputShape: unknown }[];
  inputShapes: (number | null)[][];
  outputShapes: (number | null)[][];
}

export async function handleBuild(request: ChildBuildRequest): Promise<SandboxOutcome> {
  const started = performance.now();
  const { language, code, task, limits } = request;
  const capture = new ConsoleCapture(limits);
  try {
    // Source code is capped well below the JSON limit: transpiling runs outside the isolate.
    const maxBytes =
      language === 'KERAS_JSON' ? limits.maxOutputBytes : Math.min(limits.maxOutputBytes, MAX_SOURCE_BYTES);
    if (typeof code !== 'string' || Buffer.byteLength(code, 'utf8') > maxBytes) {
      throw new SandboxFailureError('COMPILE_ERROR', `The submission is larger than ${formatMb(maxBytes)}, the limit.`);
    }
    const candidate =
      language === 'KERAS_JSON'
        ? parseKerasSubmission(code)
        : await runCandidate(language, code, task, limits, capture);
    const analysis = await analyse(candidate.topology, limits);
    return {
      ok: true,
      topology: analysis.topology,
      params: { total: analysis.total, layers: analysis.layers },
      inputShapes: analysis.inputShapes,
      outputShapes: analysis.outputShapes,
      plan: { compile: candidate.compile ?? null, fit: candidate.fit ?? null },
      millis: Math.round(performance.now() - started),
      console: capture.output(),
    };
  } catch (error) {
    if (error instanceof SandboxFailureError) return { ...error.toFailure(), console: capture.output() };
    return {
      ok: false,
      code: 'SANDBOX_CRASHED',
      message: 'The sandbox failed while building the model; this is not your fault, please retry.',
    };
  } finally {
    refillSpares();
  }
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

/** Isolate A: the candidate's code. */
async function runCandidate(
  language: 'TYPESCRIPT' | 'JAVASCRIPT',
  code: string,
  task: ModelTask,
  limits: SandboxLimits,
  capture: ConsoleCapture,
): Promise<CandidateOutput> {
  const transpiled = await transpile(language, code);
  const prepared = await takeIsolate(limits.memoryMb);
  // Taken before any candidate code runs, so the candidate cannot replace it.
  const session = await capture.start(prepared.context);
  const json = await runLimited(
    prepared,
    limits,
    { phase: 'candidate', positions: transpiled.positions, keepIsolate: true },
    async ({ isolate, context }) => {
      let script: ivm.Script;
      try {
        script = await isolate.compileScript(moduleFactorySource(transpiled.code), { filename: 'submission.js' });
      } catch (error) {
        throw compileFailure(error, transpiled.positions);
      }
      const factory = (await script.run(context, { reference: true, timeout: limits.cpuMs })) as ivm.Reference<unknown>;
      // Only the task description (a copy) and numbers enter the isolate.
      return context.evalClosure(
        'return __dojoRunCandidate($0, $1, $2);',
        [factory.derefInto(), new ivm.ExternalCopy(task).copyInto(), Math.floor(limits.maxOutputBytes)],
        { result: { promise: true, copy: true }, timeout: limits.cpuMs },
      );
    },
  ).finally(async () => {
    await capture.take(session);
    capture.release(session);
    if (!prepared.isolate.isDisposed) prepared.isolate.dispose();
  });
  return parseBounded(json, limits) as CandidateOutput;
}

/** Isolate B: trusted analysis of a topology. */
async function analyse(topology: unknown, limits: SandboxLimits): Promise<Analysis> {
  const prepared = await takeIsolate(limits.memoryMb);
  const json = await runLimited(prepared, limits, { phase: 'analysis' }, ({ context }) =>
    context.evalClosure(
      'return __dojoAnalyse($0, $1);',
      [JSON.stringify(topology), Math.floor(limits.maxOutputBytes)],
      { result: { promise: true, copy: true }, timeout: limits.cpuMs },
    ),
  );
  return parseBounded(json, limits) as Analysis;
}
