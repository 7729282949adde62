/**
 * What a candidate may see of a coding run, test by test: every visible test with its input,
 * expected value, what came back and why it failed; hidden tests only counted. Shared by the
 * editor's Run (practice-checks) and the stored grade of a submission (grading), so both say
 * the same thing; nothing of a hidden test (input, expected, got, message, console) is in it.
 *
 *   const report = testReport(tests, run);   // tests in the run's order
 *   report.visible[i]   { name, input, expected, got, passed, message, line, column, console, millis }
 *   report.hidden       { passed, total }
 */
import type { CodingRunResult } from './run-coding-exercise.js';
import type { CodingTest } from './tests-file.js';

export interface VisibleTestReport {
  name: string;
  /** The argument list as JSON (NaN and infinities as strings, as the exercise page shows them). */
  input: string;
  /** The expected value as JSON; null when the call must throw. */
  expected: string | null;
  /** What the function returned, rendered for reading; null when it threw or did not run. */
  got: string | null;
  passed: boolean;
  message: string | null;
  line: number | null;
  column: number | null;
  /** What this call printed. */
  console: string;
  millis: number;
}

export interface TestReport {
  visible: VisibleTestReport[];
  hidden: { passed: number; total: number };
}

/** JSON for people: NaN and ±Infinity are written as the strings "NaN", "Infinity", "-Infinity". */
export function showJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** The run of `tests` (same order as `run.results`) as the candidate may see it. */
export function testReport(tests: readonly CodingTest[], run: Pick<CodingRunResult, 'results'>): TestReport {
  const visible: VisibleTestReport[] = [];
  let hiddenPassed = 0;
  let hiddenTotal = 0;
  tests.forEach((test, i) => {
    const r = run.results[i];
    if (test.hidden) {
      hiddenTotal++;
      if (r?.passed) hiddenPassed++;
      return;
    }
    visible.push({
      name: test.name,
      input: showJson(test.input),
      expected: test.throws ? null : showJson(test.expected ?? null),
      got: r?.got ?? null,
      passed: r?.passed ?? false,
      message: r ? (r.message ?? null) : 'The test was not run.',
      line: r?.line ?? null,
      column: r?.column ?? null,
      console: r?.console ?? '',
      millis: r?.millis ?? 0,
    });
  });
  return { visible, hidden: { passed: hiddenPassed, total: hiddenTotal } };
}

/** The note the sandbox's console capture ends a cut output with (sandbox/child/console-capture.ts). */
const CUT_NOTE = '… output cut here: ';

/**
 * The run's console as the candidate may read it: what loading the module and the visible tests
 * printed, in order; what hidden tests printed is left out (code printing its arguments would
 * otherwise show the hidden inputs), with a line saying so. The run's text is the load's output
 * followed by each call's (`results[i].console`), then the cut note when cut.
 */
export function candidateConsole(
  tests: readonly CodingTest[],
  run: Pick<CodingRunResult, 'results' | 'console'>,
): string {
  const pieces = tests.map((_, i) => run.results[i]?.console ?? '');
  const hiddenPrinted = tests.filter((t, i) => t.hidden && pieces[i] !== '').length;
  if (hiddenPrinted === 0) return run.console.text;
  const text = run.console.text;
  const noteAt = run.console.truncated ? text.lastIndexOf(CUT_NOTE) : -1;
  const body = noteAt >= 0 ? text.slice(0, noteAt) : text;
  const calls = pieces.join('');
  // Only what loading printed comes before the calls; when the text is not laid out as expected, none of it.
  const loading = body.endsWith(calls) ? body.slice(0, body.length - calls.length) : '';
  const visible = tests.map((t, i) => (t.hidden ? '' : pieces[i])).join('');
  const note = `(what the code printed in ${hiddenPrinted} hidden ${hiddenPrinted === 1 ? 'test is' : 'tests is'} not shown)\n`;
  return loading + visible + note + (noteAt >= 0 ? text.slice(noteAt) : '');
}
