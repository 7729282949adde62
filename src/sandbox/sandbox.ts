/**
 * Pipeline step 1: build the candidate's model in a sandbox and hand back JSON only.
 *
 *   const outcome = await buildModelInSandbox({ language: 'TYPESCRIPT', code, task });
 *   if (!outcome.ok) → a candidate error (outcome.code, outcome.message), except
 *                      SANDBOX_CRASHED, which is ours and worth a retry;
 *   else             → outcome.topology, outcome.params, outcome.plan → validateModel(...)
 *
 * The candidate's code (TypeScript/JavaScript exporting `build(tf, task)`) runs in an
 * isolated-vm isolate inside a child process (sandbox-child.ts); KERAS_JSON is parsed in the
 * child and only its topology is loaded into an isolate. The host process never runs
 * candidate code, only the task description enters an isolate, and the isolate gets no
 * require, process, fs, network or host reference. Limits (see SandboxLimits): isolate
 * memory, CPU time, wall time (enforced in the child, and by killing the child if it does
 * not answer in time), and the size of the JSON that comes back.
 *
 * `SandboxPool` keeps `size` warm child processes (default 1), each building one model at a
 * time, with spare isolates preloaded with tfjs; a child that dies is replaced. Call
 * `close()` (or `closeDefaultSandboxPool()`) on shutdown. Children are unref'd while idle,
 * so an idle pool does not keep a process alive.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadConfig, type AppConfig } from '../config/config.js';
import { childEntry } from './child-entry.js';
import type { ChildDiagnosis, ChildMessage } from './child/protocol.js';
import type {
  FunctionRunOutcome,
  FunctionRunRequest,
  SandboxLimits,
  SandboxOutcome,
  SandboxRequest,
} from './sandbox.types.js';

export type * from './sandbox.types.js';

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = Object.freeze({
  memoryMb: 128,
  cpuMs: 2_000,
  wallMs: 5_000,
  maxOutputBytes: 2 * 1024 * 1024,
});

export interface SandboxPoolOptions {
  /** Number of child processes (each builds one model at a time). Default 1. */
  size?: number;
  /** Defaults for every request; a request's own `limits` override them field by field. */
  limits?: Partial<SandboxLimits>;
  /** `--max-old-space-size` of each child's own heap (the isolates have their own limit). Default 512. */
  childHeapMb?: number;
  /** Extra time the parent waits past the child's own deadlines before killing it. Default 3000 ms. */
  killGraceMs?: number;
  /**
   * Run the children as this user/group (e.g. 65534, nobody) when the worker runs as root:
   * a second wall in case candidate code ever escaped its isolate. They only need to read
   * node_modules and this folder. Default: the worker's own user (defaultSandboxPool():
   * SANDBOX_UID/SANDBOX_GID, nobody when the worker is root).
   */
  uid?: number;
  gid?: number;
  /** NODE_ENV of the children (the only variable they get). Default 'production'. */
  nodeEnv?: string;
}

export interface RunOptions {
  /** Stops the request: dropped if still queued, its child killed if running. */
  signal?: AbortSignal;
}

type Job =
  | { kind: 'build'; request: SandboxRequest & { limits: SandboxLimits }; resolve: (outcome: SandboxOutcome) => void }
  | {
      kind: 'run';
      request: FunctionRunRequest & { limits: SandboxLimits };
      resolve: (outcome: FunctionRunOutcome) => void;
    };

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  job?: { id: number; job: Job; timer: NodeJS.Timeout | undefined; killedForTime: boolean };
  dead: boolean;
  stderrTail: string;
}

const V8_OUT_OF_MEMORY =
  /is_heap_oom = 1|heap out of memory|Fatal JavaScript out of memory|Fatal process out of memory/;

export class SandboxPool {
  /** Number of child processes. */
  readonly size: number;
  private readonly limits: SandboxLimits;
  private readonly childHeapMb: number;
  private readonly killGraceMs: number;
  private readonly uid: number | undefined;
  private readonly gid: number | undefined;
  private readonly nodeEnv: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private entry: string | undefined;
  private readonly diagnoses = new Map<
    number,
    { slot: Slot; resolve: (diagnosis: ChildDiagnosis) => void; reject: (error: Error) => void }
  >();

  constructor(options: SandboxPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? 1));
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.childHeapMb = options.childHeapMb ?? 512;
    this.killGraceMs = options.killGraceMs ?? 3_000;
    this.uid = options.uid;
    this.gid = options.gid;
    this.nodeEnv = options.nodeEnv ?? 'production';
  }

  /** Starts the children and waits until each has loaded tfjs once. Optional: build() does it too. */
  async warmUp(): Promise<void> {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    await Promise.all(this.slots.map((s) => s.ready.catch(() => undefined)));
  }

  /**
   * Builds the model described by a submission. Never rejects: every failure is an outcome.
   * `signal` (a cancelled submission, a stopping worker): a queued request is dropped and a
   * running one's child killed at once; both answer SANDBOX_CRASHED ("stopped") and the
   * caller, which aborted, ignores it.
   */
  build(request: SandboxRequest, opts: RunOptions = {}): Promise<SandboxOutcome> {
    if (this.closed)
      return Promise.resolve({
        ok: false,
        code: 'SANDBOX_CRASHED',
        message: 'The sandbox is shutting down; please retry.',
      });
    const limits: SandboxLimits = { ...this.limits, ...request.limits };
    return new Promise<SandboxOutcome>((resolve) => {
      this.submit({ kind: 'build', request: { ...request, limits }, resolve }, opts.signal);
    });
  }

  /**
   * Coding exercises: loads the candidate's module in a fresh isolate (no tfjs) and calls its
   * exported function once per entry of `calls`, each call under `limits` (CPU, wall,
   * memory, size of the return value). Arguments and return values are in the wire form of
   * ./wire.ts. A call that fails (throws, times out, runs out of memory) fails alone. Never
   * rejects; compile errors, a missing export and crashes fail the whole run.
   */
  runFunction(request: FunctionRunRequest, opts: RunOptions = {}): Promise<FunctionRunOutcome> {
    if (this.closed)
      return Promise.resolve({
        ok: false,
        code: 'SANDBOX_CRASHED',
        message: 'The sandbox is shutting down; please retry.',
      });
    const limits: SandboxLimits = { ...this.limits, ...request.limits };
    return new Promise<FunctionRunOutcome>((resolve) => {
      this.submit({ kind: 'run', request: { ...request, limits }, resolve }, opts.signal);
    });
  }

  /** Queues a job; aborting `signal` drops it from the queue or kills the child running it. */
  private submit(job: Job, signal: AbortSignal | undefined): void {
    const stopped = {
      ok: false as const,
      code: 'SANDBOX_CRASHED' as const,
      message: 'The run was stopped before it finished.',
    };
    if (signal?.aborted) return job.resolve(stopped);
    this.queue.push(job);
    if (signal) {
      const onAbort = () => {
        const queued = this.queue.indexOf(job);
        if (queued >= 0) {
          this.queue.splice(queued, 1);
          return job.resolve(stopped);
        }
        const slot = this.slots.find((s) => s.job?.job === job);
        // The 'close' handler answers the job and replaces the child.
        if (slot) slot.child.kill('SIGKILL');
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const resolve = job.resolve;
      job.resolve = ((outcome: SandboxOutcome & FunctionRunOutcome) => {
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      }) as Job['resolve'];
    }
    this.dispatch();
  }

  /**
   * What a child process itself may do (operators and tests): its uid/gid as it reports
   * them, and whether it can read `path`. Starts the children if needed.
   */
  async diagnose(path: string): Promise<ChildDiagnosis> {
    await this.warmUp();
    const slot = this.slots.find((s) => !s.dead);
    if (!slot) throw new Error('no live sandbox child');
    const id = this.nextId++;
    return new Promise<ChildDiagnosis>((resolve, reject) => {
      this.diagnoses.set(id, { slot, resolve, reject });
      // Held open while it answers, like a job (idle children are unref'd).
      this.busy(slot);
      slot.child.send({ type: 'diagnose', id, path }, (error) => {
        if (!error) return;
        this.diagnoses.delete(id);
        reject(error);
      });
    });
  }

  /** Requests waiting for a free child (a caller can refuse more work while the line is long). */
  waiting(): number {
    return this.queue.length;
  }

  /** Process ids of the live children (diagnostics and tests). */
  childPids(): number[] {
    return this.slots.filter((s) => !s.dead && s.child.pid !== undefined).map((s) => s.child.pid!);
  }

  /** Kills the children; queued requests are answered with SANDBOX_CRASHED. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve({ ok: false, code: 'SANDBOX_CRASHED', message: 'The sandbox is shutting down; please retry.' });
    const exits = this.slots.splice(0).map((slot) => this.kill(slot));
    await Promise.all(exits);
  }

  private spawn(): Slot {
    this.entry ??= childEntry();
    const child = fork(this.entry, [`--memory-mb=${this.limits.memoryMb}`], {
      execArgv: ['--no-node-snapshot', `--max-old-space-size=${this.childHeapMb}`],
      // stderr is read only to tell a V8 out-of-memory abort (an isolate that escaped its
      // memoryLimit, e.g. with one huge string) from other crashes.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      // The child needs no configuration: keep the worker's secrets (database URL, tokens)
      // out of its environment.
      env: { NODE_ENV: this.nodeEnv },
      ...(this.uid !== undefined ? { uid: this.uid } : {}),
      ...(this.gid !== undefined ? { gid: this.gid } : {}),
    });
    let markReady: () => void = () => undefined;
    let markFailed: (e: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    ready.catch(() => undefined);
    const slot: Slot = { child, ready, dead: false, stderrTail: '' };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      slot.stderrTail = (slot.stderrTail + chunk).slice(-4096);
    });
    child.on('message', (message: ChildMessage) => {
      if (message?.type === 'ready') {
        // The second wall holds only if the drop really happened: refuse a child that says otherwise.
        if (
          (this.uid !== undefined && message.uid !== this.uid) ||
          (this.gid !== undefined && message.gid !== this.gid)
        ) {
          markFailed(new Error(`sandbox child runs as ${message.uid}:${message.gid}, not ${this.uid}:${this.gid}`));
          child.kill('SIGKILL');
        } else markReady();
      } else if (message?.type === 'fatal') markFailed(new Error('sandbox child failed to start'));
      else if (message?.type === 'result' && this.diagnoses.has(message.id)) {
        const { resolve } = this.diagnoses.get(message.id)!;
        this.diagnoses.delete(message.id);
        if (!slot.job) this.idle(slot);
        resolve(message.outcome as ChildDiagnosis);
      } else if (message?.type === 'result' && slot.job && message.id === slot.job.id && message.outcome) {
        const { job, timer } = slot.job;
        clearTimeout(timer);
        slot.job = undefined;
        this.idle(slot);
        job.resolve(message.outcome as SandboxOutcome & FunctionRunOutcome);
        this.dispatch();
      }
    });
    // 'close' comes after stderr is drained, so the out-of-memory check below sees all of it.
    child.on('close', () => {
      slot.dead = true;
      markFailed(new Error('sandbox child exited'));
      for (const [id, pending] of this.diagnoses) {
        if (pending.slot !== slot) continue;
        this.diagnoses.delete(id);
        pending.reject(new Error('sandbox child exited'));
      }
      const running = slot.job;
      slot.job = undefined;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (running) {
        clearTimeout(running.timer);
        const { limits } = running.job.request;
        const what = running.job.kind === 'build' ? 'Building the model' : 'Running the code';
        running.job.resolve(
          running.killedForTime
            ? {
                ok: false,
                code: 'TIMEOUT',
                message:
                  running.job.kind === 'build'
                    ? `${what} did not finish within ${limits.wallMs / 1000} s, the wall-clock limit.`
                    : `${what} did not finish in time (${limits.wallMs / 1000} s per call, the wall-clock limit).`,
              }
            : V8_OUT_OF_MEMORY.test(slot.stderrTail)
              ? {
                  ok: false,
                  code: 'MEMORY_LIMIT',
                  message: `${what} used more than ${limits.memoryMb} MB of memory, the limit.`,
                }
              : {
                  ok: false,
                  code: 'SANDBOX_CRASHED',
                  message: `The sandbox stopped unexpectedly (${what.toLowerCase()}); this is not your fault, please retry.`,
                },
        );
      }
      this.dispatch();
    });
    child.on('error', () => undefined);
    this.idle(slot);
    return slot;
  }

  private idle(slot: Slot): void {
    slot.child.unref();
    (slot.child.channel as { unref?: () => void } | undefined)?.unref?.();
  }

  private busy(slot: Slot): void {
    slot.child.ref();
    (slot.child.channel as { ref?: () => void } | undefined)?.ref?.();
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job && !s.dead);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
        this.slots.push(slot);
      }
      const job = this.queue.shift()!;
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    const id = this.nextId++;
    const { limits } = job.request;
    slot.job = { id, job, timer: undefined, killedForTime: false };
    this.busy(slot);
    const send = () => {
      const running = slot.job;
      if (slot.dead || running?.id !== id) return;
      // A build: two isolates (candidate + analysis) each get wallMs. A run: the module load,
      // and each call, plus a reload after each call that lost its isolate. The grace covers the rest.
      const budget = job.kind === 'build' ? 2 * limits.wallMs : (2 * job.request.calls.length + 1) * limits.wallMs;
      running.timer = setTimeout(() => {
        if (slot.job?.id === id) {
          slot.job.killedForTime = true;
          slot.child.kill('SIGKILL');
        }
      }, budget + this.killGraceMs);
      slot.child.send({ type: job.kind, id, request: job.request }, (error) => {
        if (error && slot.job?.id === id) slot.child.kill('SIGKILL');
      });
    };
    // The child answers messages only once it has loaded tfjs; sending earlier is fine too,
    // but waiting keeps the start-up time out of the build's wall-clock budget.
    slot.ready.then(send, send);
  }

  private kill(slot: Slot): Promise<void> {
    if (slot.dead || slot.child.exitCode !== null || slot.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      slot.child.once('close', () => resolve());
      // An idle child is unref'd: ref it again, or a process awaiting close() could end (exit 13) before 'close'.
      this.busy(slot);
      slot.child.kill('SIGKILL');
    });
  }
}

/**
 * Pool options from the SANDBOX_* settings: size, limits, the children's heap, and the
 * user/group they run as (config.ts defaults them to nobody, 65534, when this process is root).
 */
export function sandboxPoolOptions(config: AppConfig): SandboxPoolOptions {
  return {
    size: config.SANDBOX_POOL_SIZE,
    limits: {
      memoryMb: config.SANDBOX_MEMORY_MB,
      cpuMs: config.SANDBOX_CPU_MS,
      wallMs: config.SANDBOX_WALL_MS,
      maxOutputBytes: config.SANDBOX_MAX_OUTPUT_BYTES,
      consoleMaxBytes: config.SANDBOX_CONSOLE_MAX_BYTES,
      consoleMaxLines: config.SANDBOX_CONSOLE_MAX_LINES,
    },
    childHeapMb: config.SANDBOX_CHILD_HEAP_MB,
    uid: config.SANDBOX_UID,
    gid: config.SANDBOX_GID,
    nodeEnv: config.NODE_ENV,
  };
}

let defaultPool: SandboxPool | undefined;

/** The process-wide pool used by the worker and the CLI scripts, built from the SANDBOX_* settings. */
export function defaultSandboxPool(): SandboxPool {
  defaultPool ??= new SandboxPool(sandboxPoolOptions(loadConfig()));
  return defaultPool;
}

/** Builds a submission's model in the default pool. Never rejects. */
export function buildModelInSandbox(request: SandboxRequest): Promise<SandboxOutcome> {
  return defaultSandboxPool().build(request);
}

/** Runs a coding exercise's function in the default pool. Never rejects. */
export function runFunctionInSandbox(request: FunctionRunRequest): Promise<FunctionRunOutcome> {
  return defaultSandboxPool().runFunction(request);
}

/** Stops the default pool's children (worker shutdown, test teardown). */
export async function closeDefaultSandboxPool(): Promise<void> {
  const pool = defaultPool;
  defaultPool = undefined;
  await pool?.close();
}
