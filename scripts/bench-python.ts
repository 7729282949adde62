/**
 * Python sandbox latency per run, without and with the warm pool: `npm run bench:python`.
 *
 * For warm = 0 (a process started per run) and warm = 1 (a spare per slot, NumPy imported
 * ahead), one slot each, prints the median / min / max wall time of
 *  - a run of one call (`return x + 1`), and
 *  - a run of stable-softmax's Python reference on its 10 tests,
 * each run after a 0.5 s pause (as Run clicks come, so a spare is ready) and back to back (the
 * spare still starting). The machine's load average is printed with the figures: on a shared
 * machine they are noisy. Run as root to measure what CI and the worker do (setpriv per uid).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parse as parseYaml } from 'yaml';
import { flattenTests, TestsFileSchema } from '../src/coding/tests-file.js';
import { PythonSandbox, type PythonRunRequest } from '../src/python-sandbox/python-sandbox.js';
import { toWire } from '../src/sandbox/wire.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const softmax = {
  code: readFileSync('exercises/stable-softmax/reference.py', 'utf8'),
  entry: 'softmax',
  calls: flattenTests(
    TestsFileSchema.parse(parseYaml(readFileSync('exercises/stable-softmax/tests.yaml', 'utf8'))),
  ).map((t) => ({ args: toWire(t.input) as unknown[] })),
};
const one: PythonRunRequest = { code: 'def f(x):\n    return x + 1\n', entry: 'f', calls: [{ args: [41] }] };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return `median ${median.toFixed(0)} ms, min ${s[0]!.toFixed(0)}, max ${s[s.length - 1]!.toFixed(0)}`;
};
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function measure(sandbox: PythonSandbox, request: PythonRunRequest, gapMs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (gapMs) await pause(gapMs);
    const started = performance.now();
    const outcome = await sandbox.runFunction(request);
    times.push(performance.now() - started);
    if (!outcome.ok || outcome.calls.some((c) => !c.ok)) throw new Error(`a run failed: ${JSON.stringify(outcome)}`);
  }
  return times;
}

console.log(`bench:python — ${RUNS} runs each, ${os.cpus().length} cores, uid ${process.getuid?.()}`);
for (const warm of [0, 1]) {
  const sandbox = new PythonSandbox({ slots: 1, warm, uidBase: 61_600 + warm * 10 });
  const available = await sandbox.availability();
  if (!available.available) throw new Error(available.reason);
  for (const [name, request] of [
    ['one call', one],
    ['stable-softmax, 10 tests', softmax],
  ] as const) {
    const spaced = await measure(sandbox, request, 500);
    const loadSpaced = load();
    const burst = await measure(sandbox, request, 0);
    console.log(
      `warm=${warm}  ${name.padEnd(26)} 0.5 s apart: ${ms(spaced)} (load ${loadSpaced});  back to back: ${ms(burst)} (load ${load()})`,
    );
  }
  await sandbox.close();
}
