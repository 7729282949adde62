/**
 * The fault suite's plumbing: its temporary directory, every child process it started (all
 * killed however the suite ends, the bound included), waiting, free ports and /proc reads.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = process.cwd();
const T0 = Date.now();

/** Seconds since the suite started. */
export const elapsedSeconds = () => Math.round((Date.now() - T0) / 1000);
export const log = (m: string) => process.stdout.write(`[faults +${elapsedSeconds()}s] ${m}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const tmp = mkdtempSync(path.join(os.tmpdir(), 'dojo-faults-'));
export const asRoot = process.getuid?.() === 0;

/**
 * Everything we started, each in a process group of its own (spawn with `detached: true`), so
 * the whole group goes however this process ends (the bound included): SIGKILL to `runuser`
 * alone would leave its PostgreSQL running, and a worker's trainer children would outlive it.
 */
const spawned = new Set<ChildProcess>();
export const rmTmp = () => rmSync(tmp, { recursive: true, force: true });
process.on('exit', () => {
  for (const c of spawned) signalGroup(c, 'SIGKILL');
  rmTmp();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));

export function track(c: ChildProcess): ChildProcess {
  spawned.add(c);
  c.once('exit', () => spawned.delete(c));
  return c;
}

/** Signals the child's process group (the child alone when it has none of its own). */
export function signalGroup(c: ChildProcess, signal: NodeJS.Signals): void {
  if (c.pid === undefined) return;
  try {
    process.kill(-c.pid, signal);
  } catch {
    c.kill(signal);
  }
}

/** Polls `check` every 250 ms until it gives a value (errors count as "not yet"), or throws after `ms`. */
export async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function pgUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
}
export function pgGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
}

/** Direct children of `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
