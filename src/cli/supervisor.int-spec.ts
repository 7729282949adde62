import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { afterCrash, Supervisor } from './supervisor.js';

const policy = { maxCrashes: 4, windowMs: 60_000, backoffMs: 100 };

describe('npm start supervision', () => {
  it('restarts with a delay that doubles per crash in the window, and gives up at the limit', () => {
    const crashes: number[] = [];
    expect(afterCrash(policy, crashes, 1_000)).toEqual({ restartInMs: 100 });
    expect(afterCrash(policy, crashes, 2_000)).toEqual({ restartInMs: 200 });
    expect(afterCrash(policy, crashes, 3_000)).toEqual({ restartInMs: 400 });
    expect(afterCrash(policy, crashes, 4_000)).toEqual({ giveUp: true });
  });

  it('forgets crashes older than the window', () => {
    const crashes: number[] = [];
    for (const t of [0, 1_000, 2_000]) afterCrash(policy, crashes, t);
    expect(afterCrash(policy, crashes, 61_500)).toEqual({ restartInMs: 200 });
  });

  it('restarts a crashed child while the other keeps running, then gives up with a clear line', async () => {
    const lines: string[] = [];
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      const sup = new Supervisor(
        { maxCrashes: 3, windowMs: 60_000, backoffMs: 50 },
        (l) => lines.push(l),
        (code) => {
          exitCode = code;
          resolve();
        },
      );
      // "steady" runs until stopped; "crashy" dies at once every time it starts.
      sup.run('steady', () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']));
      sup.run('crashy', () => spawn(process.execPath, ['-e', 'process.exit(3)']));
    });
    await exited;
    expect(lines.filter((l) => /^crashy exited \(code 3\); restarting/.test(l))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^crashy exited \(code 3\) 3 times within 60 s; giving up/);
    expect(lines.some((l) => l.startsWith('steady'))).toBe(false);
    expect(exitCode).toBe(1);
  }, 30_000);
});
