/**
 * Coding exercises in the child: loads the candidate's module once into a bare isolate
 * (guest/coding-runner.ts, no tfjs) and calls its exported function for each input, each
 * call under its own CPU/wall budget. A call that times out or runs out of memory loses the
 * isolate: that call fails, and the module is loaded into a fresh isolate for the next one.
 */
import type ivm from 'isolated-vm';
import type { FunctionCallFailureCode, FunctionCallOutcome, FunctionRunOutcome } from '../sandbox.types.js';
import { ConsoleCapture, type ConsoleSession } from './console-capture.js';
import { compileFailure, formatMb, SandboxFailureError } from './failures.js';
import { prepareCodingIsolate, type PreparedIsolate } from './isolates.js';
import { MAX_SOURCE_BYTES, type ChildRunRequest } from './protocol.js';
import { runLimited } from './run-limited.js';
import { moduleFactorySource, transpile } from './transpile.js';

const CALL_FAILURES = new Set<string>(['RUNTIME_ERROR', 'TIMEOUT', 'MEMORY_LIMIT', 'OUTPUT_TOO_LARGE', 'BAD_RETURN']);

export async function handleRun(request: ChildRunRequest): Promise<FunctionRunOutcome> {
  const started = performance.now();
  const { language, code, entry, calls, limits } = request;
  const capture = new ConsoleCapture(limits);
  let loaded: { prepared: PreparedIsolate; session: ConsoleSession | undefined } | undefined;
  const unload = () => {
    if (!loaded) return;
    capture.release(loaded.session);
    if (!loaded.prepared.isolate.isDisposed) loaded.prepared.isolate.dispose();
    loaded = undefined;
  };
  try {
    const maxBytes = Math.min(limits.maxOutputBytes, MAX_SOURCE_BYTES);
    if (typeof code !== 'string' || Buffer.byteLength(code, 'utf8') > maxBytes) {
      throw new SandboxFailureError('COMPILE_ERROR', `The submission is larger than ${formatMb(maxBytes)}, the limit.`);
    }
    if (language !== 'TYPESCRIPT' && language !== 'JAVASCRIPT') {
      throw new SandboxFailureError('COMPILE_ERROR', 'A coding exercise takes TypeScript or JavaScript.');
    }
    const transpiled = await transpile(language, code);
    const { positions } = transpiled;
    /** The module in a fresh isolate, its top-level output captured too. */
    const load = async (): Promise<NonNullable<typeof loaded>> => {
      const prepared = await prepareCodingIsolate(limits.memoryMb);
      const session = await capture.start(prepared.context);
      try {
        await runLimited(
          prepared,
          limits,
          { phase: 'load', positions, keepIsolate: true },
          async ({ isolate, context }) => {
            let script: ivm.Script;
            try {
              script = await isolate.compileScript(moduleFactorySource(transpiled.code), { filename: 'submission.js' });
            } catch (error) {
              throw compileFailure(error, positions);
            }
            const factory = (await script.run(context, {
              reference: true,
              timeout: limits.cpuMs,
            })) as ivm.Reference<unknown>;
            await context.evalClosure('__dojoLoad($0, $1);', [factory.derefInto(), entry], { timeout: limits.cpuMs });
          },
        );
      } catch (error) {
        await capture.take(session);
        capture.release(session);
        if (!prepared.isolate.isDisposed) prepared.isolate.dispose();
        throw error;
      }
      return { prepared, session };
    };
    loaded = await load();
    // Printed while loading the first time; after a reload, it goes with the call that follows.
    await capture.take(loaded.session);
    const outcomes: FunctionCallOutcome[] = [];
    for (const call of calls) {
      const callStarted = performance.now();
      let printed = '';
      try {
        if (!loaded || loaded.prepared.isolate.isDisposed) {
          unload();
          loaded = await load();
        }
        const current = loaded;
        const json = await runLimited(
          current.prepared,
          limits,
          { phase: 'call', positions, keepIsolate: true },
          ({ context }) =>
            context.evalClosure(
              'return __dojoCall($0, $1);',
              [JSON.stringify(call.args), Math.floor(limits.maxOutputBytes)],
              {
                result: { promise: true, copy: true },
                timeout: limits.cpuMs,
              },
            ),
        ).finally(async () => {
          printed = await capture.take(current.session);
        });
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
          ...(printed ? { console: printed } : {}),
        });
      } catch (error) {
        if (!(error instanceof SandboxFailureError) || !CALL_FAILURES.has(error.code)) throw error;
        outcomes.push({
          ...error.toFailure(),
          code: error.code as FunctionCallFailureCode,
          millis: Math.round(performance.now() - callStarted),
          ...(printed ? { console: printed } : {}),
        });
      }
    }
    return { ok: true, calls: outcomes, millis: Math.round(performance.now() - started), console: capture.output() };
  } catch (error) {
    if (error instanceof SandboxFailureError) return { ...error.toFailure(), console: capture.output() };
    return {
      ok: false,
      code: 'SANDBOX_CRASHED',
      message: 'The sandbox failed while running the code; this is not your fault, please retry.',
    };
  } finally {
    unload();
  }
}
