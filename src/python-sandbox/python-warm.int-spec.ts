/**
 * The warm pool of the Python sandbox (real bwrap; as root where the tests run as root): spares
 * are started ahead and replaced after each run, a run never gets a process another run used
 * (nothing a run leaves in the interpreter or in /tmp reaches the next), and closing ends them.
 * Latency is measured by `npm run bench:python`, not here.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { PythonSandbox } from './python-sandbox.js';

// Its own uid range (python-hostile uses 61300+, coding-exercises 61400+).
const sandbox = new PythonSandbox({ slots: 2, warm: 1, uidBase: 61_500 });
const root = process.getuid?.() === 0;

const processesOfRange = (): string[] => {
  const { first, count } = sandbox.uids;
  const uids = Array.from({ length: count }, (_, i) => String(first + i)).join(',');
  return spawnSync('pgrep', ['-u', uids]).stdout.toString().trim().split('\n').filter(Boolean);
};

afterAll(async () => {
  await sandbox.close();
});

describe('Python sandbox warm pool', () => {
  it('starts slots × warm spares on first use and replaces each one a run takes', async () => {
    expect(await sandbox.availability()).toEqual({ available: true });
    expect(await sandbox.readySpares()).toBe(2);
    const outcome = await sandbox.runFunction({
      code: 'def f(x):\n    return x * 2\n',
      entry: 'f',
      calls: [{ args: [21] }],
    });
    expect(outcome).toMatchObject({ ok: true, calls: [{ ok: true, value: 42 }] });
    expect(await sandbox.readySpares()).toBe(2);
    // Under root each spare runs as a uid of the sandbox's own range.
    if (root) expect(processesOfRange().length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('never hands a process to a second run: interpreter state and /tmp do not carry over', async () => {
    const leave = [
      'import numpy, os',
      'def f():',
      '    numpy.left_behind = "secret"',
      '    open("/tmp/left-behind", "w").write("secret")',
      '    return os.path.exists("/tmp/left-behind")',
    ].join('\n');
    const look = [
      'import numpy, os',
      'def f():',
      '    return [getattr(numpy, "left_behind", None), os.path.exists("/tmp/left-behind")]',
    ].join('\n');
    // Several rounds, so each spare (and each replacement) is taken at least once after a leaver.
    for (let round = 0; round < 4; round++) {
      const left = await sandbox.runFunction({ code: leave, entry: 'f', calls: [{ args: [] }] });
      expect(left).toMatchObject({ ok: true, calls: [{ ok: true, value: true }] });
      const seen = await sandbox.runFunction({ code: look, entry: 'f', calls: [{ args: [] }] });
      expect(seen).toMatchObject({ ok: true, calls: [{ ok: true, value: [null, false] }] });
    }
  }, 120_000);

  it('a killed run (endless loop) is replaced by a fresh process for the next run', async () => {
    const loop = await sandbox.runFunction({
      code: 'def f():\n    while True:\n        pass\n',
      entry: 'f',
      calls: [{ args: [] }],
    });
    expect(loop).toMatchObject({ ok: true, calls: [{ ok: false, code: 'TIMEOUT' }] });
    const next = await sandbox.runFunction({ code: 'def f():\n    return 1\n', entry: 'f', calls: [{ args: [] }] });
    expect(next).toMatchObject({ ok: true, calls: [{ ok: true, value: 1 }] });
  }, 60_000);

  it('close() ends the spares and starts no more', async () => {
    await sandbox.close();
    expect(await sandbox.readySpares()).toBe(0);
    if (!root) return;
    let left: string[] = [];
    for (let i = 0; i < 30; i++) {
      left = processesOfRange();
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toEqual([]);
  }, 30_000);
});
