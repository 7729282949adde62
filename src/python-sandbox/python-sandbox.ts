/**
 * Runs a candidate's Python function (CODING exercises, language PYTHON) in CPython 3 with
 * NumPy inside bubblewrap, one call per test, with the JavaScript sandbox's outcome types,
 * failure codes and messages.
 *
 *   const sandbox = defaultPythonSandbox();
 *   await sandbox.availability()            // { available: true } or { available: false, reason }
 *   await sandbox.runFunction({ code, entry, calls, limits }, { signal })   // FunctionRunOutcome
 *
 * Every run gets a fresh process, never one another run used: `warm` spares per slot are started
 * ahead (bwrap'd python3 with NumPy imported, waiting for its setup line, holding no candidate
 * code), each taken once and replaced at once; with none ready a run starts its own (~0.25 s).
 * A call that times out, runs out of memory or crashes the interpreter kills the process, fails
 * that call alone, and the module is loaded into a fresh process for the next call.
 *
 * Under root every live process has a host uid of its own (RLIMIT_NPROC counts per uid, so a
 * fork bomb starves nothing else), taken from `slots × (warm + 1) + 2` uids from `uidBase` and
 * given back when the process is gone; a uid is reused only once its last task has ended.
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
  /**
   * Under root, processes run as uids from `uidBase` up, `slots × (warm + 1) + 2` of them (no
   * account needed), at most `maxUids`. Give each process on a host its own range.
   */
  uidBase?: number;
  maxUids?: number;
  /** Pre-started processes per slot (0: each run starts its own). */
  warm?: number;
  limits?: Partial<PythonLimits>;
}

export type PythonAvailability = { available: true } | { available: false; reason: string };

export class PythonSandbox {
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];
  private readonly limits: PythonLimits;
  private readonly root = process.getuid?.() === 0;
  private probe: Promise<PythonAvailability> | undefined;
  /** Host uids no live process holds (root only). */
  private readonly freeUids: number[];
  /** Started (or starting) processes no run has used; undefined when one failed to start. */
  private readonly spares: Promise<PythonProcess | undefined>[] = [];
  private readonly spareTarget: number;
  private closed = false;
  /** The uids this sandbox may use under root: [first, first + count). */
  readonly uids: { first: number; count: number };

  constructor(options: PythonSandboxOptions = {}) {
    const slots = Math.max(1, options.slots ?? 2);
    this.free = Array.from({ length: slots }, (_, i) => i);
    this.limits = { ...PYTHON_PROCESS_LIMITS, ...options.limits };
    const uidBase = options.uidBase ?? 61_000;
    const warm = Math.max(0, options.warm ?? 1);
    this.spareTarget = slots * warm;
    // Live at once: a process per running slot and the spares, plus room for two still dying
    // (a uid comes back only once its process is gone). Fewer only slow a start down.
    const count = Math.max(1, Math.min(options.maxUids ?? Infinity, slots * (warm + 1) + 2));
    this.uids = { first: uidBase, count };
    this.freeUids = Array.from({ length: count }, (_, i) => uidBase + i);
  }

  /** Spares started and waiting for a job, once those still starting are up. */
  async readySpares(): Promise<number> {
    const spares = await Promise.all(this.spares);
    return spares.filter((p) => p?.alive).length;
  }

  /** Ends the spares and starts no more (a process in use finishes its run). */
  async close(): Promise<void> {
    this.closed = true;
    const spares = this.spares.splice(0);
    await Promise.all(spares.map(async (s) => (await s)?.kill()));
  }

  /** Whether Python runs here (checked once by running a function end to end). */
  availability(): Promise<PythonAvailability> {
    this.probe ??= this.check();
    return this.probe;
  }

  async runFunction(request: PythonRunRequest, options: { signal?: AbortSignal } = {}): Promise<FunctionRunOutcome> {
    const slot = await this.acquire();
    try {
      return await this.run(request, options.signal);
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

  private async run(request: PythonRunRequest, signal?: AbortSignal): Promise<FunctionRunOutcome> {
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
          proc = await this.take(limits);
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

  /** A fresh process for a run: the oldest warm spare when there is one, else one started now. */
  private async take(limits: PythonCallLimits): Promise<PythonProcess> {
    const next = this.spares.shift();
    this.refill();
    // A spare still starting is unreferenced (it must not keep a script alive): while this run
    // waits for it, something must keep the event loop going.
    const keepAlive = setInterval(() => undefined, 1_000);
    const spare = await next?.finally(() => clearInterval(keepAlive));
    if (!next) clearInterval(keepAlive);
    const proc = spare?.alive ? spare : await this.spawn();
    proc.setReferenced(true);
    proc.setMaxLineBytes(lineBytes(limits));
    return proc;
  }

  /** Starts spares up to `slots × warm` (each waits, NumPy imported, for its one job). */
  private refill(): void {
    while (!this.closed && this.spares.length < this.spareTarget) this.spares.push(this.startSpare());
  }

  private async startSpare(): Promise<PythonProcess | undefined> {
    try {
      const proc = await this.spawn(false);
      const started = await proc.started(LOAD_WALL_MS);
      if (started.kind === 'reply' && started.body.started === true && !this.closed) return proc;
      proc.kill();
    } catch {
      // A spare that cannot start is no spare: the run starts its own and says why.
    }
    return undefined;
  }

  private async spawn(referenced = true): Promise<PythonProcess> {
    const uid = this.root ? await this.takeUid() : undefined;
    // RLIMIT_NPROC counts every process of the uid: what its previous process left dying (a
    // killed sandbox, a fork bomb's children) would make this start fail at once.
    if (uid !== undefined) await untilNoTasksOf(uid, LEFTOVER_WAIT_MS);
    const processes = this.root ? this.limits.processes : tasksOfThisUser() + this.limits.processes;
    const argv = bwrapCommand({ uid, limits: { ...this.limits, processes }, runner: runnerPath() });
    const proc = new PythonProcess(argv, lineBytes(PYTHON_CALL_LIMITS));
    if (!referenced) proc.setReferenced(false);
    // Back at the end of the line: the uid freed longest ago is used first.
    if (uid !== undefined) proc.onExit(() => this.freeUids.push(uid));
    return proc;
  }

  private async takeUid(): Promise<number> {
    for (;;) {
      const uid = this.freeUids.shift();
      if (uid !== undefined) return uid;
      await new Promise((r) => setTimeout(r, 20));
    }
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

/** The longest protocol line a run's limits allow (the return value's JSON plus console). */
function lineBytes(limits: PythonCallLimits): number {
  return limits.maxOutputBytes + limits.consoleMaxBytes * 4 + 4096;
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

/** How long a start waits for its uid's leftover processes to end before starting anyway. */
const LEFTOVER_WAIT_MS = 5_000;

async function untilNoTasksOf(uid: number, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  while (tasksOf(String(uid)) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

/** Threads of this process's uid now: without root, RLIMIT_NPROC counts them too, so the limit is set above them. */
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
 * The process-wide Python sandbox (PYTHON_SANDBOX_SLOTS, PYTHON_SANDBOX_WARM, PYTHON_SANDBOX_UID_BASE):
 * `worker` for grading and the scripts, `api` for the API's runVisibleTests and availability, on
 * uids 100 higher so an API and a worker on one host never share a uid (each uses at most 100).
 */
export function defaultPythonSandbox(role: 'worker' | 'api' = 'worker'): PythonSandbox {
  let sandbox = shared.get(role);
  if (!sandbox) {
    const config = loadConfig();
    sandbox = new PythonSandbox({
      slots: config.PYTHON_SANDBOX_SLOTS,
      warm: config.PYTHON_SANDBOX_WARM,
      uidBase: config.PYTHON_SANDBOX_UID_BASE + (role === 'api' ? 100 : 0),
      maxUids: 100,
    });
    shared.set(role, sandbox);
  }
  return sandbox;
}
