/**
 * "Fill the expected values from the reference": the draft's reference is called in the sandbox
 * on every test's input and what it returns becomes the test's expected value, so a mentor never
 * computes them by hand. Tests that expect a throw keep it. A reference that cannot run, or
 * throws where a value is expected, is the mentor's error, named (BAD_USER_INPUT on referenceCode).
 */
import { badInput } from '../common/domain-error.js';
import { CODING_LIMITS } from '../coding/run-coding-exercise.js';
import type { CodingTest } from '../coding/tests-file.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import { fromWire, toWire } from '../sandbox/wire.js';

const at = (o: { line?: number; column?: number }) => (o.line !== undefined ? ` (line ${o.line}:${o.column})` : '');

export async function expectedFromReference(
  pool: SandboxPool,
  reference: { code: string; entry: string },
  tests: CodingTest[],
): Promise<CodingTest[]> {
  const outcome = await pool.runFunction({
    language: 'TYPESCRIPT',
    code: reference.code,
    entry: reference.entry,
    calls: tests.map((t) => ({ args: toWire(t.input) as unknown[] })),
    limits: CODING_LIMITS,
  });
  if (!outcome.ok) {
    // The sandbox's own failure is ours (the caller answers INTERNAL_SERVER_ERROR, logged).
    if (outcome.code === 'SANDBOX_CRASHED') throw new Error(`sandbox: ${outcome.message}`);
    throw badInput('referenceCode', `referenceCode: the reference cannot run: ${outcome.message}${at(outcome)}`);
  }
  return tests.map((test, i) => {
    if (test.throws) return test;
    const call = outcome.calls[i];
    if (!call?.ok)
      throw badInput(
        'referenceCode',
        `referenceCode: on test "${test.name}" the reference failed: ${call?.message ?? 'not run'}${call ? at(call) : ''}`,
      );
    return { ...test, expected: fromWire(call.value) };
  });
}
