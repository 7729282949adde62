/**
 * The Python sandbox with real bwrap, as root when the tests run as root (CI): the wire form both
 * ways, the candidate errors, and hostile submissions, each ending in a clear error naming the
 * limit it hit, with the sandbox serving the next run.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import type { FunctionCallOutcome, FunctionRunOutcome } from '../sandbox/sandbox.types.js';
import { PythonSandbox } from './python-sandbox.js';

// Its own uid range: other suites (and a running worker) use theirs. One spare per slot, as
// the worker runs (PYTHON_SANDBOX_WARM=1): every hostile run gets a process started ahead.
const sandbox = new PythonSandbox({ slots: 2, warm: 1, uidBase: 61_300 });
const root = process.getuid?.() === 0;

afterAll(async () => {
  // Once the warm spares are ended, nothing of the sandbox's uids may outlive the tests (a fork
  // bomb's children included); killed processes take a moment to go.
  await sandbox.close();
  if (!root) return;
  const { first, count } = sandbox.uids;
  const uids = Array.from({ length: count }, (_, i) => String(first + i)).join(',');
  let left = '';
  for (let i = 0; i < 30; i++) {
    left = spawnSync('pgrep', ['-u', uids]).stdout.toString().trim();
    if (!left) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(left).toBe('');
});

async function run(code: string, ...calls: unknown[][]): Promise<FunctionRunOutcome> {
  return sandbox.runFunction({ code, entry: 'f', calls: calls.map((args) => ({ args })) });
}

/** The one call's outcome of a run that loaded. */
async function call(code: string, ...args: unknown[]): Promise<FunctionCallOutcome> {
  const outcome = await run(code, args);
  if (!outcome.ok) throw new Error(`expected the module to load, got ${outcome.code}: ${outcome.message}`);
  return outcome.calls[0];
}

function failed(outcome: FunctionCallOutcome, code: string): string {
  if (outcome.ok) throw new Error(`expected ${code}, got the value ${JSON.stringify(outcome.value)}`);
  expect(outcome.code).toBe(code);
  // Never the runner's frames or a library's path (a path the candidate's own code named may appear).
  expect(outcome.message).not.toMatch(/\/sandbox\/|runner\.py|dist-packages|python3\.\d+\//);
  return outcome.message;
}

/** A normal call still works in the same sandbox afterwards. */
async function expectStillServes(): Promise<void> {
  const outcome = await call('def f(x):\n    return x + 1\n', 41);
  expect(outcome).toMatchObject({ ok: true, value: 42 });
}

describe('Python sandbox: values and candidate errors', () => {
  it('is available here (bwrap, python3-numpy)', async () => {
    expect(await sandbox.availability()).toEqual({ available: true });
  });

  it('passes NumPy arrays, scalars, NaN and infinities both ways in the wire form', async () => {
    const code = [
      'import numpy as np',
      'def f(x, opts):',
      '    a = np.asarray(x, dtype=float)',
      '    return {"sum": np.float32(np.nansum(a)), "arr": a * 2, "n": np.int64(a.size), "flag": np.bool_(True), "opts": opts, "t": (1, None)}',
    ].join('\n');
    const outcome = await call(code, [1, { $: 'NaN' }, { $: '-Infinity' }], { $o: { k: { $: 'Infinity' } } });
    expect(outcome).toMatchObject({
      ok: true,
      value: {
        $o: {
          sum: { $: '-Infinity' },
          arr: [2, { $: 'NaN' }, { $: '-Infinity' }],
          n: 3,
          flag: true,
          opts: { $o: { k: { $: 'Infinity' } } },
          t: [1, null],
        },
      },
    });
  });

  it('reports a syntax error with its line, for the whole run', async () => {
    const outcome = await run('import numpy\n\ndef f(x:\n    return x\n', [1]);
    expect(outcome).toMatchObject({ ok: false, code: 'COMPILE_ERROR', line: 3 });
  });

  it('reports an exception with a trimmed traceback of the candidate lines only, and keeps what it printed', async () => {
    const code =
      'def helper(v):\n    raise ValueError("shapes differ")\n\ndef f(x):\n    print("got", x)\n    return helper(x)\n';
    const outcome = await call(code, [2, 3]);
    const message = failed(outcome, 'RUNTIME_ERROR');
    expect(message).toBe('The code raised ValueError: shapes differ (line 2; line 6 in f; line 2 in helper)');
    expect(outcome).toMatchObject({ line: 2, console: 'got [2, 3]\n' });
  });

  it("reports code that ends the interpreter while loading as the candidate's error, not a sandbox crash to retry", async () => {
    const outcome = await run('import os\nos._exit(3)\n', []);
    expect(outcome).toMatchObject({ ok: false, code: 'RUNTIME_ERROR' });
    if (!outcome.ok) expect(outcome.message).toMatch(/^The Python process ended while running the code/);
  });

  it('names the missing function', async () => {
    expect(await run('def g():\n    pass\n', [])).toMatchObject({
      ok: false,
      code: 'BAD_RETURN',
      message: 'The code must define a function named f (found nothing by that name).',
    });
  });
});

describe('Python sandbox: hostile submissions', () => {
  it('stops an endless loop at the time limit; the next test of the same run is served', async () => {
    const outcome = await run(
      'def f(x):\n    if x:\n        while True:\n            pass\n    return 7\n',
      [true],
      [false],
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(failed(outcome.calls[0], 'TIMEOUT')).toMatch(
      /more than 1 s of CPU time, the limit|within 2 s, the wall-clock limit/,
    );
    expect(outcome.calls[1]).toMatchObject({ ok: true, value: 7 });
  });

  it('stops a memory bomb at the address-space limit', async () => {
    const message = failed(
      await call(
        'import numpy as np\ndef f():\n    hoard = []\n    while True:\n        hoard.append(np.empty(10_000_000))\n',
      ),
      'MEMORY_LIMIT',
    );
    expect(message).toBe('The function used more than 384 MB of memory, the limit.');
    await expectStillServes();
  });

  it('stops a fork bomb at the process limit (a real unprivileged uid, not uid 0 in a namespace)', async () => {
    const code = 'import os, time\ndef f():\n    while True:\n        if os.fork() == 0:\n            time.sleep(30)\n';
    const message = failed(await call(code), 'RUNTIME_ERROR');
    expect(message).toMatch(
      /^The code raised BlockingIOError: .*Resource temporarily unavailable.* The sandbox allows 16 processes, the limit\.$/,
    );
    await expectStillServes();
  });

  it('refuses os.system and subprocess', async () => {
    expect(failed(await call('import os\ndef f():\n    return os.system("id")\n'), 'RUNTIME_ERROR')).toMatch(
      /Refused: starting programs \(os\.system\) is not allowed in the sandbox/,
    );
    expect(
      failed(
        await call('import subprocess\ndef f():\n    return subprocess.run(["cat", "/etc/hostname"]).returncode\n'),
        'RUNTIME_ERROR',
      ),
    ).toMatch(/starting programs \(subprocess\) is not allowed/);
    await expectStillServes();
  });

  it.each([5432, 6379])('has no network: a socket to 127.0.0.1:%i fails', async (port) => {
    const code = `import socket\ndef f():\n    s = socket.socket()\n    s.settimeout(1)\n    s.connect(("127.0.0.1", ${port}))\n    return "connected"\n`;
    expect(failed(await call(code), 'RUNTIME_ERROR')).toMatch(
      /Network is unreachable|Connection refused|Cannot assign/,
    );
  });

  it('sees no host files: /etc/passwd, the project, /proc/1/environ holds only the minimal environment', async () => {
    const read = 'def f(path):\n    with open(path) as fh:\n        return fh.read()\n';
    expect(failed(await call(read, '/etc/passwd'), 'RUNTIME_ERROR')).toMatch(/FileNotFoundError/);
    expect(failed(await call(read, `${process.cwd()}/package.json`), 'RUNTIME_ERROR')).toMatch(/FileNotFoundError/);
    // /proc is the sandbox's own: pid 1 is bwrap's init inside it, with an empty environment.
    const environ = await call(
      'def f(p):\n    return [kv.split("=")[0] for kv in open(p, "rb").read().decode().split("\\x00") if kv]\n',
      '/proc/1/environ',
    );
    expect(environ).toMatchObject({ ok: true, value: [] });
    const own = await call('import os\ndef f():\n    return sorted(os.environ)\n');
    expect(own).toMatchObject({
      ok: true,
      value: ['HOME', 'LANG', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'PWD'],
    });
  });

  it('writes only to its private /tmp', async () => {
    const write =
      'def f(path):\n    with open(path, "w") as fh:\n        fh.write("x")\n    return open(path).read()\n';
    expect(failed(await call(write, '/usr/evil'), 'RUNTIME_ERROR')).toMatch(/Read-only file system|Permission denied/);
    expect(failed(await call(write, '/evil'), 'RUNTIME_ERROR')).toMatch(/Read-only file system|Permission denied/);
    expect(await call(write, '/tmp/ok')).toMatchObject({ ok: true, value: 'x' });
  });

  it('cuts 100 MB of output: printed, written below print, and returned', async () => {
    const printed = await run('def f():\n    for _ in range(100):\n        print("x" * 1_000_000)\n    return 1\n', []);
    if (!printed.ok) throw new Error(printed.message);
    expect(printed.calls[0]).toMatchObject({ ok: true, value: 1 });
    expect(printed.console.truncated).toBe(true);
    expect(printed.console.text.length).toBeLessThan(70 * 1024);

    const raw =
      'import os\ndef f():\n    for fd in (1, 2, 3, 4, 5):\n        try:\n            for _ in range(100):\n                os.write(fd, b"x" * 1_000_000)\n        except OSError:\n            pass\n    return 1\n';
    const below = await call(raw);
    expect(below.ok ? 'ok' : below.code).toMatch(/^(ok|OUTPUT_TOO_LARGE|RUNTIME_ERROR)$/);

    expect(failed(await call('def f():\n    return "x" * 100_000_000\n'), 'OUTPUT_TOO_LARGE')).toBe(
      'The return value comes to more than 1.0 MB of JSON, the limit.',
    );
    await expectStillServes();
  });

  it('refuses ctypes', async () => {
    expect(failed(await call('import ctypes\ndef f():\n    return ctypes.string_at(0, 8)\n'), 'RUNTIME_ERROR')).toMatch(
      /calling C code through ctypes is not allowed/,
    );
    expect(
      failed(
        await call('import ctypes\ndef f():\n    return ctypes.CDLL("libc.so.6").system(b"id")\n'),
        'RUNTIME_ERROR',
      ),
    ).toMatch(/ctypes is not allowed/);
    await expectStillServes();
  });

  it('reports a crash from sys.setrecursionlimit and a runaway recursion, naming the stack limit', async () => {
    // Through map() every level also takes C stack, so the raised limit lets it overflow.
    const code = 'import sys\nsys.setrecursionlimit(10**8)\ndef f(n=0):\n    return list(map(f, [n + 1]))\n';
    const message = failed(await call(code), 'RUNTIME_ERROR');
    expect(message).toMatch(
      /^Python crashed \(Segmentation fault\)\. A recursion deeper than the 8\.0 MB stack allows/,
    );
    await expectStillServes();
  });
});
