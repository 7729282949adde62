/**
 * A cancelled submission's code stops at once: aborting the signal kills the child running
 * it (no waiting out the per-call time limits) or drops a request still queued, and the
 * pool goes on serving.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SandboxPool } from './sandbox.js';

const pool = new SandboxPool({ size: 1 });
const endless = 'export default function f(x: number): number { for (;;) {} return x; }';
const calls = Array.from({ length: 10 }, (_, i) => ({ args: [i] }));
// 10 calls × a 2 s wall limit each: 20 s or more if nobody stops it.
const limits = { cpuMs: 2_000, wallMs: 2_000 };

beforeAll(() => pool.warmUp(), 60_000);
afterAll(() => pool.close());

describe('SandboxPool with an abort signal', () => {
  it('kills the child running an endless function as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const run = pool.runFunction(
      { language: 'TYPESCRIPT', code: endless, entry: 'default', calls, limits },
      { signal: controller.signal },
    );
    const before = pool.childPids();
    await new Promise((r) => setTimeout(r, 1_000));
    const aborted = performance.now();
    controller.abort('cancel');
    const outcome = await run;
    // Far less than the 20 s the calls would take; generous for a loaded machine.
    expect(performance.now() - aborted).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ ok: false, code: 'SANDBOX_CRASHED' });
    expect(pool.childPids()).not.toEqual(before);
  }, 60_000);

  it('drops a queued request without running it, and still runs the next one', async () => {
    const first = new AbortController();
    const second = new AbortController();
    const running = pool.runFunction(
      { language: 'TYPESCRIPT', code: endless, entry: 'default', calls, limits },
      { signal: first.signal },
    );
    const queued = pool.runFunction(
      { language: 'TYPESCRIPT', code: 'export default (x: number) => x + 1;', entry: 'default', calls, limits },
      { signal: second.signal },
    );
    second.abort('cancel');
    expect(await queued).toMatchObject({ ok: false, code: 'SANDBOX_CRASHED' });
    first.abort('cancel');
    await running;
    const ok = await pool.runFunction({
      language: 'TYPESCRIPT',
      code: 'export default (x: number) => x * 2;',
      entry: 'default',
      calls: [{ args: [21] }],
    });
    expect(ok.ok).toBe(true);
  }, 60_000);
});
