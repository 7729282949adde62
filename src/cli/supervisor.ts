/**
 * `npm start`'s supervision: the API and the worker run as child processes; one that exits
 * unexpectedly is started again after a delay that doubles with each crash in the window,
 * while the other keeps serving. Only after `maxCrashes` crashes within `windowMs` does the
 * supervisor give up, with one line saying which process and why, and stop everything.
 *
 *   const sup = new Supervisor(policy, log);
 *   sup.run('api', () => fork('dist/src/main.js'));
 *   sup.run('worker', () => fork('dist/src/worker.js'));
 *   process.on('SIGTERM', () => sup.stop(0));
 */
import type { ChildProcess } from 'node:child_process';

export interface CrashPolicy {
  maxCrashes: number;
  windowMs: number;
  /** Delay before the first restart; doubled per crash within the window, capped at 30 s. */
  backoffMs: number;
}

/** What to do after a crash at `now`, given the earlier crash times (which it prunes). */
export function afterCrash(
  policy: CrashPolicy,
  crashes: number[],
  now: number,
): { restartInMs: number } | { giveUp: true } {
  while (crashes.length > 0 && crashes[0]! <= now - policy.windowMs) crashes.shift();
  crashes.push(now);
  if (crashes.length >= policy.maxCrashes) return { giveUp: true };
  return { restartInMs: Math.min(30_000, policy.backoffMs * 2 ** (crashes.length - 1)) };
}

interface Managed {
  name: string;
  start: () => ChildProcess;
  child?: ChildProcess;
  crashes: number[];
  timer?: NodeJS.Timeout;
}

export class Supervisor {
  private readonly managed: Managed[] = [];
  private stopping = false;

  constructor(
    private readonly policy: CrashPolicy,
    private readonly log: (line: string) => void,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  run(name: string, start: () => ChildProcess): void {
    const m: Managed = { name, start, crashes: [] };
    this.managed.push(m);
    this.spawn(m);
  }

  /** Process ids of the running children, by name (tests, diagnostics). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.managed.map((m) => [m.name, m.child?.pid]));
  }

  /** SIGTERM to every child (they finish or hand back their work), then exit with `code`. */
  stop(code: number): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const m of this.managed) clearTimeout(m.timer);
    const running = this.managed.map((m) => m.child).filter((c): c is ChildProcess => isRunning(c));
    for (const child of running) child.kill('SIGTERM');
    setTimeout(() => this.exit(code), 35_000).unref();
    void Promise.all(running.map((c) => new Promise((r) => c.once('exit', r)))).then(() => this.exit(code));
  }

  private spawn(m: Managed): void {
    const child = m.start();
    m.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const how = signal ?? `code ${code}`;
      const decision = afterCrash(this.policy, m.crashes, Date.now());
      if ('giveUp' in decision) {
        this.log(
          `${m.name} exited (${how}) ${m.crashes.length} times within ${Math.round(this.policy.windowMs / 1000)} s; ` +
            `giving up and stopping everything (see its log above; SUPERVISOR_MAX_CRASHES / SUPERVISOR_CRASH_WINDOW_SECONDS)`,
        );
        this.stop(1);
        return;
      }
      this.log(
        `${m.name} exited (${how}); restarting it in ${decision.restartInMs} ms ` +
          `(crash ${m.crashes.length} of ${this.policy.maxCrashes - 1} allowed within ${Math.round(this.policy.windowMs / 1000)} s)`,
      );
      m.timer = setTimeout(() => {
        if (!this.stopping) this.spawn(m);
      }, decision.restartInMs);
    });
  }
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}
