/**
 * Error classification in the child: turns whatever an isolate threw (a limit hit, a tagged
 * failure of the trusted guest code, the candidate's own exception) into a
 * SandboxFailureError with a candidate-facing message that names the limit or the problem,
 * never a host path or stack.
 */
import type ivm from 'isolated-vm';
import { FAILURE_TAG } from '../guest/failure-tag.js';
import type { SandboxFailureCode, SandboxLimits } from '../sandbox.types.js';
import { candidatePosition, originalPosition, type SourcePosition, type SourcePositions } from './source-lines.js';

export class SandboxFailureError extends Error {
  constructor(
    readonly code: SandboxFailureCode,
    message: string,
    /** Where in the candidate's source, when known (compile errors, runtime errors raised in their file). */
    readonly position?: SourcePosition,
  ) {
    super(message);
  }

  /** The outcome's form: code, message, and line/column when known. */
  toFailure(): { ok: false; code: SandboxFailureCode; message: string; line?: number; column?: number } {
    return { ok: false, code: this.code, message: this.message, ...this.position };
  }
}

/** candidate/analysis: building a model; load/call: a coding exercise's module and one call of its function. */
export type Phase = 'candidate' | 'analysis' | 'load' | 'call';

export function formatMb(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Keeps candidate-facing messages short and free of control characters. */
export function clean(message: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = message.replace(/[\u0000-\u0008\u000b-\u001f]/g, '').trim();
  return flat.length > 1000 ? `${flat.slice(0, 1000)}…` : flat;
}

export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * @param stopped why the child stopped the isolate, if it did
 * @param positions candidate source positions of the transpiled code (for "near line N, column M")
 */
export function classify(
  error: unknown,
  stopped: 'cpu' | 'wall' | undefined,
  isolate: ivm.Isolate,
  limits: SandboxLimits,
  phase: Phase,
  positions: SourcePositions,
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
  const tagAt = message.indexOf(FAILURE_TAG);
  if (tagAt >= 0) {
    const rest = message.slice(tagAt + FAILURE_TAG.length);
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
  const at = candidatePosition(error, positions);
  const near = at ? ` (near line ${at.line}, column ${at.column})` : '';
  return new SandboxFailureError('RUNTIME_ERROR', clean(`The code threw ${name}${message}${near}`), at);
}

function invalidModelMessage(detail: string): string {
  const unknown = /Unknown layer: ([^\s.]+)/.exec(detail);
  if (unknown) {
    return `The model uses the layer class "${unknown[1]}", which is not a built-in layer. Lambda and custom layers cannot be trained here; use built-in layers only.`;
  }
  return clean(`The model's topology could not be rebuilt: ${detail}`);
}

/** A syntax error V8 found when compiling the transpiled code, with the candidate's line and column when V8 gave one. */
export function compileFailure(error: unknown, positions: SourcePositions): SandboxFailureError {
  const found = /submission\.js:(\d+):(\d+)/.exec(
    `${errorMessage(error)}\n${(error as { stack?: unknown })?.stack ?? ''}`,
  );
  const at = found ? originalPosition(positions, Number(found[1]), Number(found[2])) : undefined;
  const message = errorMessage(error).replace(/\s*\[submission\.js:\d+:\d+\]$/, '');
  return new SandboxFailureError('COMPILE_ERROR', clean(`The code does not compile: ${message}`), at);
}
