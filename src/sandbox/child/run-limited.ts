/**
 * Runs work in an isolate under the request's limits: memory (the isolate's memoryLimit),
 * CPU time (isolate.cpuTime polled every 10 ms) and wall time. Hitting CPU or wall time
 * disposes the isolate, which stops whatever runs in it; every error is classified.
 */
import type { SandboxLimits } from '../sandbox.types.js';
import { classify, type Phase } from './failures.js';
import type { PreparedIsolate } from './isolates.js';
import type { SourcePositions } from './source-lines.js';

export interface RunOptions {
  phase: Phase;
  /** Candidate source positions of the transpiled code, for the line and column of runtime errors. */
  positions?: SourcePositions;
  /** Keep the isolate alive after a successful (or merely throwing) run: coding exercises call it again. */
  keepIsolate?: boolean;
}

export async function runLimited<T>(
  prepared: PreparedIsolate,
  limits: SandboxLimits,
  options: RunOptions,
  work: (p: PreparedIsolate) => Promise<T>,
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
    throw classify(error, stopped, isolate, limits, options.phase, options.positions ?? []);
  } finally {
    clearInterval(poll);
    clearTimeout(wall);
    if (!options.keepIsolate && !isolate.isDisposed) isolate.dispose();
  }
}
