/**
 * Grader for coding exercises (type CODING): turns a run of the candidate's function over
 * the exercise's tests (src/coding/run-coding-exercise.ts) into a Grade. Score = share of
 * tests passed; pass when that share reaches the exercise's threshold (default: all).
 * Feedback names every failed visible test with its input, expected value, what came back
 * and why; hidden tests are only counted.
 */
import type { CodingRunResult } from '../coding/run-coding-exercise.js';
import { formatValue } from '../coding/compare.js';
import type { CodingTest } from '../coding/tests-file.js';
import type { Grade } from './types.js';

export interface UnitTestsGradeInput {
  run: CodingRunResult;
  /** The tests that were run, in the same order (for inputs and expected values of visible ones). */
  tests: CodingTest[];
  /** Share of tests needed to pass, 0..1. Default 1 (all of them). */
  threshold?: number;
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}

export function gradeUnitTests({ run, tests, threshold = 1 }: UnitTestsGradeInput): Grade {
  const score = Math.round(run.score * 1000) / 10;
  if (run.error) {
    return {
      passed: false,
      score: 0,
      summary: run.retryable
        ? 'Not graded: the sandbox failed; please retry.'
        : `Failed: the code could not be run (${run.error.code}).`,
      feedback: [run.error.message],
    };
  }
  const passed = run.total > 0 && run.score >= threshold - 1e-12;
  const visible = run.results.filter((r) => !r.hidden);
  const hidden = run.results.filter((r) => r.hidden);
  const visiblePassed = visible.filter((r) => r.passed).length;
  const hiddenPassed = hidden.filter((r) => r.passed).length;
  const need = threshold >= 1 ? 'all tests' : `${percent(threshold)} of the tests`;
  const summary = `${passed ? 'Passed' : 'Failed'}: ${run.passed} of ${run.total} tests (${percent(run.score)}) — ${need} needed`;

  const feedback: string[] = [];
  run.results.forEach((r, i) => {
    if (r.hidden || r.passed) return;
    const test = tests[i];
    const input = test ? test.input.map((a) => formatValue(a, 120)).join(', ') : '';
    const expected = test?.throws ? 'an Error to be thrown' : test ? formatValue(test.expected, 160) : '';
    const got = r.got !== undefined ? `; got: ${r.got}` : '';
    feedback.push(
      `Test "${r.name}" failed: ${r.message ?? 'wrong result'} (input: ${input}; expected: ${expected}${got})`,
    );
  });
  for (const r of visible) if (r.passed) feedback.push(`Test "${r.name}" passed.`);
  feedback.push(`${visiblePassed} of ${visible.length} visible tests passed.`);
  if (hidden.length > 0) {
    feedback.push(`${hiddenPassed} of ${hidden.length} hidden tests passed.`);
    if (visiblePassed === visible.length && hiddenPassed < hidden.length) {
      feedback.push(
        'Every visible test passes but some hidden ones do not: think about edge cases (empty inputs, very large or small values, zero divisions, padding and stride corners).',
      );
    }
  }
  return { passed, score, summary, feedback };
}

export const unitTestsGrader = {
  name: 'unit-tests',
  description: 'Coding exercises: share of unit tests passed; passes at the threshold (default all tests).',
  grade: gradeUnitTests,
} as const;
