/**
 * One sandboxed Python process (bwrap-command.ts) and its line protocol (guest/runner.py):
 * load the candidate's module once, then one call per request. Every read is bounded: a line
 * longer than the output limit, or a process that stops answering, is killed.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { FunctionCallFailureCode, SandboxFailureCode } from '../sandbox/sandbox.types.js';

export interface ProcessSetup {
  code: string;
  entry: string;
  cpuMs: number;
  maxOutputBytes: number;
  consoleMaxBytes: number;
  consoleMaxLines: number;
  /** The process limit, for the message when a fork fails. */
  processes: number;
}

/** What the runner answered, or why it could not (`died`: the process is gone and must be replaced). */
export type RunnerReply =
  | { kind: 'reply'; body: Record<string, unknown> }
  | { kind: 'died'; why: 'wall' | 'too-large' | 'exit'; stderr: string; signal: NodeJS.Signals | null };

const STDERR_KEEP = 4096;

export class PythonProcess {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private buffer = '';
  private stderr = '';
  private exited = false;
  private exitSignal: NodeJS.Signals | null = null;
  private waiter: ((reply: RunnerReply) => void) | undefined;
  private killedFor: 'wall' | 'too-large' | undefined;
  private startedReply: Promise<RunnerReply> | undefined;
  private referenced = true;
  private readonly exitListeners: (() => void)[] = [];

  constructor(
    argv: string[],
    /** Longest protocol line accepted (the return value's JSON plus console), in bytes. */
    private maxLineBytes: number,
  ) {
    this.child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: {} });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onData(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    // A write to a process that just died must not throw out of the pool.
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (e) => {
      this.stderr += `\n${e.message}`;
    });
    this.child.on('close', (_code, signal) => {
      this.exited = true;
      this.exitSignal = signal;
      this.settle({ kind: 'died', why: this.killedFor ?? 'exit', stderr: this.stderr, signal });
      for (const listener of this.exitListeners.splice(0)) listener();
    });
  }

  /** A spare is started before its run's limits are known: the run sets its own bound. */
  setMaxLineBytes(bytes: number): void {
    this.maxLineBytes = bytes;
  }

  /** Called once the process (and its pipes) are gone; at once if they already are. */
  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  /**
   * A warm spare waiting for a job must not keep the host process alive (a script ends, Jest
   * exits); a process in use must. Toggles the child and its pipes in Node's event loop.
   */
  setReferenced(on: boolean): void {
    this.referenced = on;
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) {
      const h = handle as unknown as { ref?: () => void; unref?: () => void };
      if (on) h.ref?.();
      else h.unref?.();
    }
  }

  get alive(): boolean {
    return !this.exited;
  }

  /**
   * Waits for the runner's first line, written once Python and NumPy are up (before any candidate
   * code). Asked once: a warm spare asks when it is started, its user asks again and gets the same answer.
   */
  started(wallMs: number): Promise<RunnerReply> {
    this.startedReply ??= this.send(undefined, wallMs);
    return this.startedReply;
  }

  /** Sends the setup and waits for `ready` or the load's failure. */
  load(setup: ProcessSetup, wallMs: number): Promise<RunnerReply> {
    return this.send(setup, wallMs);
  }

  call(args: unknown[], wallMs: number): Promise<RunnerReply> {
    return this.send({ args }, wallMs);
  }

  kill(why?: 'wall' | 'too-large'): void {
    if (why) this.killedFor ??= why;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private send(message: unknown, wallMs: number): Promise<RunnerReply> {
    if (this.exited) {
      return Promise.resolve({ kind: 'died', why: 'exit', stderr: this.stderr, signal: this.exitSignal });
    }
    return new Promise<RunnerReply>((resolve) => {
      const timer = setTimeout(() => this.kill('wall'), wallMs);
      if (!this.referenced) timer.unref();
      this.waiter = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      if (message !== undefined) this.child.stdin.write(`${JSON.stringify(message)}\n`);
      this.drain();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    // Counted in UTF-16 units: a bound, not an exact byte count (the runner checks bytes itself).
    if (this.buffer.length > this.maxLineBytes && !this.buffer.includes('\n')) {
      this.buffer = '';
      this.kill('too-large');
      return;
    }
    this.drain();
  }

  private drain(): void {
    if (!this.waiter) return;
    const end = this.buffer.indexOf('\n');
    if (end < 0) return;
    const line = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end + 1);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(line) as Record<string, unknown>;
    } catch {
      // Only the candidate writing to the protocol's descriptor gets here.
      this.kill('too-large');
      return;
    }
    this.settle({ kind: 'reply', body });
  }

  private settle(reply: RunnerReply): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(reply);
  }
}

/** A failure code the runner may send for a call. */
export function callFailureCode(code: unknown): FunctionCallFailureCode {
  return code === 'TIMEOUT' || code === 'MEMORY_LIMIT' || code === 'OUTPUT_TOO_LARGE' || code === 'BAD_RETURN'
    ? code
    : 'RUNTIME_ERROR';
}

/** A failure code the runner may send for the load. */
export function loadFailureCode(code: unknown): SandboxFailureCode {
  return code === 'COMPILE_ERROR' || code === 'TIMEOUT' || code === 'MEMORY_LIMIT' || code === 'BAD_RETURN'
    ? code
    : 'RUNTIME_ERROR';
}
