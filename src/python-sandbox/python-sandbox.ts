/**
 * Runs a candidate's Python function (CODING exercises, language PYTHON) in CPython 3 with
 * NumPy inside bubblewrap, one call per test, with the JavaScript sandbox's outcome types,
 * failure codes and messages.
 *
 *   const sandbox = defaultPythonSandbox();
 *   await sandbox.availability()            // { available: true } or { available: false, reason }
 *   await sandbox.runFunction({ code, entry, calls, limits }, { signal })   // FunctionRunOutcome
 *
 * A process is started per run (~0.2 s; no warm pool, see README.md); a call that times out,
 * runs out of memory or crashes the interpreter kills the process, fails that call alone, and
 * the module is loaded into a fresh process for the next call.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import type { FunctionCallOutcome, FunctionRunOutcome, SandboxFailure } from '../sandbox/sandbox.types.js';
import { BWRAP, bwrapCommand, PRLIMIT, PYTHON, type PythonLimits, runnerPath, SETPRIV } from './bwrap-command.js';
import { callFailureCode, loadFailureCode, PythonProcess, type RunnerReply } from './python-process.js';

/** Per call, as CODING_LIMITS for JavaScript (src/coding/run-coding-exercise.ts); memory is the process's address space. */
export interface PythonCallLimits {
  cpuMs: number;
  wallMs: number;
  maxOutputBytes: number;
  consoleMaxBytes: number;
  consoleMaxLines: number;
}

/**
 * Measured here (README.md): `import numpy` needs ~96 MB of address space, but its first
 * OpenBLAS call hangs below ~224 MB even single-threaded; 384 MB leaves the candidate ~160 MB.
 */
export const PYTHON_PROCESS_LIMITS: PythonLimits = Object.freeze({
  addressSpaceMb: 384,
  processes: 16,
  openFiles: 64,
  fileBytes: 8 * 1024 * 1024,
  stackBytes: 8 * 1024 * 1024,
  cpuSeconds: 60,
});

export const PYTHON_CALL_LIMITS: PythonCallLimits = Object.freeze({
  cpuMs: 1_000,
  wallMs: 2_000,
  maxOutputBytes: 1024 * 1024,
  consoleMaxBytes: 64 * 1024,
  consoleMaxLines: 500,
});

/** Starting the interpreter and importing NumPy is not the candidate's time: its own, generous wall limit. */
const LOAD_WALL_MS = 15_000;

export interface PythonRunRequest {
  code: string;
  /** The function the tests call (exercise.yaml's python-entry). */
  entry: string;
  /** Arguments in the wire form of src/sandbox/wire.ts. */
  calls: { args: unknown[] }[];
  limits?: Partial<PythonCallLimits>;
}

export interface PythonSandboxOptions {
  /** Runs at the same time; each has its own uid under root. */
  slots?: number;
  /** Under root, slot i runs as uid `uidBase + i` (no account needed). Give each process on a host its own range. */
  uidBase?: number;
  limits?: Partial<PythonLimits>;
}

export type PythonAvailability = { available: true } | { available: false; reason: string };

export class PythonSandbox {
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];
  private readonly limits: PythonLimits;
  private readonly uidBase: number;
  private readonly root = process.getuid?.() === 0;
  private probe: Promise<PythonAvailability> | undefined;

  constructor(options: PythonSandboxOptions = {}) {
    const slots = Math.max(1, options.slots ?? 2);
    this.free = Array.from({ length: slots }, (_, i) => i);
    this.limits = { ...PYTHON_PROCESS_LIMITS, ...options.limits };
    this.uidBase = options.uidBase ?? 61_000;
  }

  /** Whether Python runs here (checked once by running a function end to end). */
  availability(): Promise<PythonAvailability> {
    this.probe ??= this.check();
    return this.probe;
  }

  async runFunction(request: PythonRunRequest, options: { signal?: AbortSignal } = {}): Promise<FunctionRunOutcome> {
    const slot = await this.acquire();
    try {
      return await this.run(slot, request, options.signal);
    } finally {
      this.release(slot);
    }
  }

  private async check(): Promise<PythonAvailability> {
    for (const binary of [PYTHON, BWRAP, PRLIMIT, ...(this.root ? [SETPRIV] : [])]) {
      const found = spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 5_000 });
      if (found.error)
        return { available: false, reason: `${binary} is not installed (apt-get install bubblewrap python3-numpy)` };
    }
    const outcome = await this.runFunction({
      code: 'import numpy\ndef probe(x):\n    return numpy.asarray(x).sum()\n',
      entry: 'probe',
      calls: [{ args: [[1, 2, 3]] }],
    });
    if (outcome.ok && outcome.calls[0]?.ok && outcome.calls[0].value === 6) return { available: true };
    const why = outcome.ok
      ? outcome.calls[0] && !outcome.calls[0].ok
        ? outcome.calls[0].message
        : 'a wrong answer'
      : outcome.message;
    return {
      available: false,
      reason: `the sandbox does not start (${why}); bwrap needs user namespaces (see docker-compose.yml)`,
    };
  }

  private async run(slot: number, request: PythonRunRequest, signal?: AbortSignal): Promise<FunctionRunOutcome> {
    const limits = { ...PYTHON_CALL_LIMITS, ...request.limits };
    const started = performance.now();
    const printed: string[] = [];
    let truncated = false;
    const calls: FunctionCallOutcome[] = [];
    let proc: PythonProcess | undefined;
    const onAbort = (): void => proc?.kill();
    signal?.addEventListener('abort', onAbort);
    try {
      for (const call of request.calls) {
        if (signal?.aborted) return crashed('The run was cancelled.');
        if (!proc) {
          proc = await this.start(slot, limits);
          const loaded = await this.load(proc, request, limits);
          if (loaded.console) printed.push(loaded.console);
          if (!loaded.ok) {
            proc.kill();
            proc = undefined;
            // The first load decides for the whole run; a reload after a failed call fails that call only.
            if (calls.length === 0) return { ...loaded.failure, console: { text: printed.join(''), truncated } };
            calls.push({ ok: false, code: 'RUNTIME_ERROR', message: loaded.failure.message, millis: 0 });
            continue;
          }
        }
        const reply = await proc.call(call.args, limits.wallMs);
        if (signal?.aborted) return crashed('The run was cancelled.');
        const outcome = this.callOutcome(reply, limits);
        if (outcome.console) printed.push(outcome.console);
        if (reply.kind === 'reply' && reply.body.truncated === true) truncated = true;
        calls.push(outcome);
        if (reply.kind === 'died' || reply.body.restart === true) {
          proc.kill();
          proc = undefined;
        }
      }
      return {
        ok: true,
        calls,
        millis: Math.round(performance.now() - started),
        console: { text: printed.join(''), truncated },
      };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      proc?.kill();
    }
  }

  private async start(slot: number, limits: PythonCallLimits): Promise<PythonProcess> {
    // RLIMIT_NPROC counts every process of the slot's uid: what the previous run of this slot
    // left dying (a killed sandbox, a fork bomb's children) would make this start fail at once.
    if (this.root) await untilNoTasksOf(this.uidBase + slot, LEFTOVER_WAIT_MS);
    const processes = this.root ? this.limits.processes : tasksOfThisUser() + this.limits.processes;
    const argv = bwrapCommand({
      uid: this.root ? this.uidBase + slot : undefined,
      limits: { ...this.limits, processes },
      runner: runnerPath(),
    });
    return new PythonProcess(argv, limits.maxOutputBytes + limits.consoleMaxBytes * 4 + 4096);
  }

  private async load(
    proc: PythonProcess,
    request: PythonRunRequest,
    limits: PythonCallLimits,
  ): Promise<{ ok: true; console: string } | { ok: false; failure: SandboxFailure; console: string }> {
    const started = await proc.started(LOAD_WALL_MS);
    if (started.kind === 'died' || started.body.started !== true) {
      const failure = crashed('The Python sandbox could not start; this is not your fault, please retry.');
      return { ok: false, console: '', failure };
    }
    const reply = await proc.load(
      { code: request.code, entry: request.entry, ...limits, processes: this.limits.processes },
      LOAD_WALL_MS,
    );
    if (reply.kind === 'reply' && reply.body.ready === true)
      return { ok: true, console: String(reply.body.console ?? '') };
    if (reply.kind === 'reply') {
      const fail = (reply.body.fail ?? {}) as Record<string, unknown>;
      const code = loadFailureCode(fail.code);
      const message =
        code === 'MEMORY_LIMIT'
          ? `Loading the code used more than ${this.limits.addressSpaceMb} MB of memory, the limit.`
          : String(fail.message);
      return {
        ok: false,
        console: String(reply.body.console ?? ''),
        failure: { ok: false, code, message, ...(typeof fail.line === 'number' ? { line: fail.line } : {}) },
      };
    }
    // The sandbox was up (it said so): whatever ended it now was the candidate's code.
    const died = this.diedOutcome(reply, limits, 'Loading the code');
    return { ok: false, console: '', failure: { ok: false, code: died.code, message: died.message } };
  }

  private callOutcome(reply: RunnerReply, limits: PythonCallLimits): FunctionCallOutcome {
    if (reply.kind === 'died') {
      const died = this.diedOutcome(reply, limits, 'The function');
      return { ok: false, code: died.code, message: died.message, millis: 0 };
    }
    const body = reply.body;
    const millis = typeof body.millis === 'number' ? body.millis : 0;
    const console = typeof body.console === 'string' && body.console ? { console: body.console } : {};
    if (body.ok === true) return { ok: true, value: body.value, millis, ...console };
    const code = callFailureCode(body.code);
    const message =
      code === 'MEMORY_LIMIT'
        ? `The function used more than ${this.limits.addressSpaceMb} MB of memory, the limit.`
        : code === 'OUTPUT_TOO_LARGE'
          ? `The return value comes to more than ${formatMb(limits.maxOutputBytes)} of JSON, the limit.`
          : String(body.message);
    return {
      ok: false,
      code,
      message,
      millis,
      ...(typeof body.line === 'number' ? { line: body.line } : {}),
      ...console,
    };
  }

  /** Why a process stopped answering, for the candidate. */
  private diedOutcome(
    reply: Extract<RunnerReply, { kind: 'died' }>,
    limits: PythonCallLimits,
    what: string,
  ): { code: 'TIMEOUT' | 'MEMORY_LIMIT' | 'OUTPUT_TOO_LARGE' | 'RUNTIME_ERROR'; message: string } {
    if (reply.why === 'wall') {
      return {
        code: 'TIMEOUT',
        message: `${what} did not finish within ${seconds(limits.wallMs)}, the wall-clock limit. Check that it returns.`,
      };
    }
    if (reply.why === 'too-large') {
      return {
        code: 'OUTPUT_TOO_LARGE',
        message: `The code wrote more than ${formatMb(limits.maxOutputBytes)} to the sandbox's output, the limit.`,
      };
    }
    if (reply.signal === 'SIGXCPU' || /CPU time limit/i.test(reply.stderr)) {
      return {
        code: 'TIMEOUT',
        message: `${what} used more than ${this.limits.cpuSeconds} s of CPU time in all, the limit.`,
      };
    }
    if (/MemoryError|Cannot allocate memory|failed to map|out of memory/i.test(reply.stderr)) {
      return {
        code: 'MEMORY_LIMIT',
        message: `${what} used more than ${this.limits.addressSpaceMb} MB of memory, the limit.`,
      };
    }
    const fatal = /Fatal Python error: ([^\n]+)/.exec(reply.stderr);
    if (fatal) {
      const kind = fatal[1].replace(/\s+$/, '');
      return {
        code: 'RUNTIME_ERROR',
        message: `Python crashed (${kind}). A recursion deeper than the ${formatMb(this.limits.stackBytes)} stack allows (after sys.setrecursionlimit) or a ctypes call ends this way.`,
      };
    }
    return {
      code: 'RUNTIME_ERROR',
      message: `The Python process ended while running ${what === 'The function' ? 'the function' : 'the code'} (os._exit, a signal, or the ${this.limits.processes}-process limit).`,
    };
  }

  private acquire(): Promise<number> {
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }
}

function crashed(message: string): SandboxFailure {
  return { ok: false, code: 'SANDBOX_CRASHED', message };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatMb(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
}

/** Threads of this process's uid now: without root, RLIMIT_NPROC counts them too, so the limit is set above them. */
/** How long a slot waits for its uid's leftover processes to end before starting anyway. */
const LEFTOVER_WAIT_MS = 5_000;

async function untilNoTasksOf(uid: number, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  while (tasksOf(String(uid)) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

function tasksOfThisUser(): number {
  return tasksOf(String(process.getuid?.() ?? -1));
}

function tasksOf(uid: string): number {
  let tasks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const owner = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      if (owner === uid) tasks += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
    } catch {
      // The process ended while we looked.
    }
  }
  return tasks;
}

const shared = new Map<'worker' | 'api', PythonSandbox>();

/**
 * The process-wide Python sandbox (PYTHON_SANDBOX_SLOTS, PYTHON_SANDBOX_UID_BASE): `worker` for
 * grading and the scripts, `api` for the API's runVisibleTests and availability, on uids 100 higher
 * so an API and a worker on one host never share a slot's uid.
 */
export function defaultPythonSandbox(role: 'worker' | 'api' = 'worker'): PythonSandbox {
  let sandbox = shared.get(role);
  if (!sandbox) {
    const config = loadConfig();
    sandbox = new PythonSandbox({
      slots: config.PYTHON_SANDBOX_SLOTS,
      uidBase: config.PYTHON_SANDBOX_UID_BASE + (role === 'api' ? 100 : 0),
    });
    shared.set(role, sandbox);
  }
  return sandbox;
}
