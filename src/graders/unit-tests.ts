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
import { localizedGrade, text, verbatim, type GradeText } from './grade-text.js';
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
    const summary = run.retryable
      ? text('Not graded: the sandbox failed; please retry.', '未评分：沙箱出错，请重试。')
      : text(`Failed: the code could not be run (${run.error.code}).`, `未通过：代码无法运行（${run.error.code}）。`);
    // The message names the candidate's own error (a compiler's or a traceback): kept as written.
    return localizedGrade(false, 0, summary, [verbatim(run.error.message)]);
  }
  const passed = run.total > 0 && run.score >= threshold - 1e-12;
  const visible = run.results.filter((r) => !r.hidden);
  const hidden = run.results.filter((r) => r.hidden);
  const visiblePassed = visible.filter((r) => r.passed).length;
  const hiddenPassed = hidden.filter((r) => r.passed).length;
  const counts = `${run.passed} of ${run.total} tests (${percent(run.score)})`;
  const countsZh = `${run.total} 个测试通过 ${run.passed} 个（${percent(run.score)}）`;
  const need =
    threshold >= 1
      ? text('all tests', '全部测试')
      : text(`${percent(threshold)} of the tests`, `${percent(threshold)} 的测试`);
  const summary = passed
    ? text(`Passed: ${counts} — ${need.en} needed`, `通过：${countsZh}，需要${need['zh-CN']}通过`)
    : text(`Failed: ${counts} — ${need.en} needed`, `未通过：${countsZh}，需要${need['zh-CN']}通过`);

  const feedback: GradeText[] = [];
  run.results.forEach((r, i) => {
    if (r.hidden || r.passed) return;
    const test = tests[i];
    const input = test ? test.input.map((a) => formatValue(a, 120)).join(', ') : '';
    const expected = test?.throws ? undefined : test ? formatValue(test.expected, 160) : '';
    // r.message says what the comparison found; it is written by src/coding/compare.ts in English.
    feedback.push(
      text(
        `Test "${r.name}" failed: ${r.message ?? 'wrong result'} (input: ${input}; expected: ${expected ?? 'an Error to be thrown'}${r.got !== undefined ? `; got: ${r.got}` : ''})`,
        `测试“${r.name}”未通过：${r.message ?? '结果错误'}（输入：${input}；期望：${expected ?? '抛出一个 Error'}${r.got !== undefined ? `；实际：${r.got}` : ''}）`,
      ),
    );
  });
  for (const r of visible) if (r.passed) feedback.push(text(`Test "${r.name}" passed.`, `测试“${r.name}”通过。`));
  feedback.push(
    text(
      `${visiblePassed} of ${visible.length} visible tests passed.`,
      `可见测试 ${visible.length} 个，通过 ${visiblePassed} 个。`,
    ),
  );
  if (hidden.length > 0) {
    feedback.push(
      text(
        `${hiddenPassed} of ${hidden.length} hidden tests passed.`,
        `隐藏测试 ${hidden.length} 个，通过 ${hiddenPassed} 个。`,
      ),
    );
    if (visiblePassed === visible.length && hiddenPassed < hidden.length) {
      feedback.push(
        text(
          'Every visible test passes but some hidden ones do not: think about edge cases (empty inputs, very large or small values, zero divisions, padding and stride corners).',
          '可见测试全部通过，但部分隐藏测试没有通过：想想边界情况（空输入、极大或极小的数值、除以零、填充和步长的边角）。',
        ),
      );
    }
  }
  return localizedGrade(passed, score, summary, feedback);
}

export const unitTestsGrader = {
  name: 'unit-tests',
  description: 'Coding exercises: share of unit tests passed; passes at the threshold (default all tests).',
  grade: gradeUnitTests,
} as const;
