/**
 * The API or a worker as the suite runs it: a child process that is started again at once
 * when it dies, whether we killed it (`fault`) or it crashed (counted as an unexpected exit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { log, ROOT, signalGroup, sleep, track } from './support.js';

export class AppProcess {
  child?: ChildProcess;
  output = '';
  expectedExit = false;
  unexpectedExits = 0;
  /** When the current process was started (ms since the epoch). */
  startedAt = 0;
  constructor(
    readonly name: string,
    private readonly file: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    this.expectedExit = false;
    this.startedAt = Date.now();
    const child = track(
      spawn(process.execPath, ['--no-node-snapshot', '--enable-source-maps', path.join(ROOT, this.file)], {
        env: { ...process.env, NODE_OPTIONS: '', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      }),
    );
    this.child = child;
    const keep = (c: Buffer) => (this.output = (this.output + c.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => {
      if (this.child !== child || this.expectedExit) return;
      this.unexpectedExits++;
      log(`${this.name} exited unexpectedly (${signal ?? code}); starting it again\n${this.output.slice(-1500)}`);
      setTimeout(() => this.start(), 500);
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Our fault: the process is expected to go; start a new one right away. */
  async fault(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectedExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, sleep(40_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.start();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.expectedExit = true;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    signalGroup(child, 'SIGKILL');
    await exited;
  }
}
