/**
 * Runs a coding submission: the candidate's function is called in the sandbox on each test's
 * input (the inputs are all that enter the isolate); the outputs come back and are compared
 * here, on the host, with the expected values.
 *
 *   const run = await runCodingSubmission({ language: 'TYPESCRIPT', code, entry: 'softmax', tests });
 *   run.score        passed / total, 0..1
 *   run.results[i]   { name, hidden, passed, message?, millis }
 *   run.error        set when nothing could be run (compile error, missing export…);
 *                    run.retryable when that was the sandbox's fault (SANDBOX_CRASHED)
 */
import { defaultPythonSandbox, type PythonSandbox } from '../python-sandbox/python-sandbox.js';
import { defaultSandboxPool, type SandboxPool } from '../sandbox/sandbox.js';
import type {
  ConsoleOutput,
  FunctionRunOutcome,
  FunctionCallOutcome,
  SandboxFailureCode,
  SandboxLimits,
} from '../sandbox/sandbox.types.js';
import { fromWire, toWire } from '../sandbox/wire.js';
import { compareValues, formatValue } from './compare.js';
import type { CodingTest } from './tests-file.js';

/** Per call: a coding function gets less time than a model build. */
export const CODING_LIMITS: SandboxLimits = Object.freeze({
  memoryMb: 64,
  cpuMs: 1_000,
  wallMs: 2_000,
  maxOutputBytes: 1024 * 1024,
});

export interface CodingRunInput {
  language: 'TYPESCRIPT' | 'JAVASCRIPT' | 'PYTHON';
  code: string;
  /** `default` or the name of the exported function; for PYTHON, the function's name (python-entry). */
  entry: string;
  tests: CodingTest[];
  limits?: Partial<SandboxLimits>;
  /** Default: the process-wide sandbox pool. */
  pool?: SandboxPool;
  /** PYTHON runs here. Default: the process-wide Python sandbox. */
  python?: PythonSandbox;
  /** Stops the run at once (its sandbox child is killed); the result is then `retryable` and meaningless. */
  signal?: AbortSignal;
}

export interface CodingTestResult {
  name: string;
  hidden: boolean;
  passed: boolean;
  /** Why it failed (or a note). For hidden tests the grader shows none of it to the candidate. */
  message?: string;
  /** What the function returned, rendered for reading (cut at 300 characters), when it returned. */
  got?: string;
  /** Where the call failed in the candidate's source (1-based), when it threw in their code. */
  line?: number;
  column?: number;
  /** What this call printed. */
  console?: string;
  millis: number;
}

export interface CodingRunResult {
  /** passed / total, 0..1 (0 when there are no tests). */
  score: number;
  passed: number;
  total: number;
  results: CodingTestResult[];
  /** Set when the code could not be run at all; every test then failed with this message. */
  error?: { code: SandboxFailureCode; message: string; line?: number; column?: number };
  /** Everything the code printed (loading and every call), bounded; see ConsoleOutput. */
  console: ConsoleOutput;
  /** True when the failure was the sandbox's (worth a retry, not the candidate's attempt). */
  retryable?: boolean;
  /** Time spent in the sandbox, ms. */
  millis: number;
}

export async function runCodingSubmission(input: CodingRunInput): Promise<CodingRunResult> {
  const started = performance.now();
  const calls = input.tests.map((t) => ({ args: toWire(t.input) as unknown[] }));
  const limits = { ...CODING_LIMITS, ...input.limits };
  let outcome: FunctionRunOutcome;
  if (input.language === 'PYTHON') {
    // Same per-call time and output limits; memory is the Python process's address space (python-sandbox.ts).
    const { cpuMs, wallMs, maxOutputBytes } = limits;
    outcome = await (input.python ?? defaultPythonSandbox()).runFunction(
      { code: input.code, entry: input.entry, calls, limits: { cpuMs, wallMs, maxOutputBytes } },
      { signal: input.signal },
    );
  } else {
    const pool = input.pool ?? defaultSandboxPool();
    outcome = await pool.runFunction(
      { language: input.language, code: input.code, entry: input.entry, calls, limits },
      { signal: input.signal },
    );
  }
  const total = input.tests.length;
  if (!outcome.ok) {
    return {
      score: 0,
      passed: 0,
      total,
      results: input.tests.map((t) => ({
        name: t.name,
        hidden: t.hidden,
        passed: false,
        message: outcome.message,
        millis: 0,
      })),
      error: {
        code: outcome.code,
        message: outcome.message,
        ...(outcome.line !== undefined ? { line: outcome.line, column: outcome.column } : {}),
      },
      console: outcome.console ?? { text: '', truncated: false },
      ...(outcome.code === 'SANDBOX_CRASHED' ? { retryable: true } : {}),
      millis: Math.round(performance.now() - started),
    };
  }
  const results = input.tests.map((test, i) => judge(test, outcome.calls[i]));
  const passed = results.filter((r) => r.passed).length;
  return {
    score: total === 0 ? 0 : passed / total,
    passed,
    total,
    results,
    millis: outcome.millis,
    console: outcome.console,
  };
}

/** One test's verdict from its call's outcome. */
export function judge(test: CodingTest, call: FunctionCallOutcome | undefined): CodingTestResult {
  const base = { name: test.name, hidden: test.hidden, ...(call?.console ? { console: call.console } : {}) };
  if (!call) return { ...base, passed: false, message: 'The test was not run.', millis: 0 };
  if (!call.ok) {
    if (test.throws && call.code === 'RUNTIME_ERROR') return { ...base, passed: true, millis: call.millis };
    const at = call.line !== undefined ? { line: call.line, column: call.column } : {};
    return { ...base, passed: false, message: call.message, ...at, millis: call.millis };
  }
  if (test.throws) {
    let got: unknown;
    try {
      got = fromWire(call.value);
    } catch {
      got = '(unreadable)';
    }
    return {
      ...base,
      passed: false,
      message: `expected the function to throw an Error for this input, but it returned ${formatValue(got, 120)}`,
      millis: call.millis,
    };
  }
  let got: unknown;
  try {
    got = fromWire(call.value);
  } catch {
    return { ...base, passed: false, message: 'The return value could not be read.', millis: call.millis };
  }
  const verdict = compareValues(test.expected, got, test.compare);
  const rendered = formatValue(got, 300);
  if (verdict.ok) return { ...base, passed: true, got: rendered, millis: call.millis };
  return { ...base, passed: false, message: `${verdict.reason}.`, got: rendered, millis: call.millis };
}
