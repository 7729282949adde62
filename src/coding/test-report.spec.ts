import { describe, expect, it } from '@jest/globals';
import type { CodingRunResult, CodingTestResult } from './run-coding-exercise.js';
import { candidateConsole, showJson, testReport } from './test-report.js';
import type { CodingTest } from './tests-file.js';

const exact = { kind: 'exact' } as const;
const TESTS: CodingTest[] = [
  { name: 'two', hidden: false, input: [[1, 2]], expected: [0.27, 0.73], compare: exact },
  { name: 'empty throws', hidden: false, input: [[]], throws: true, compare: exact },
  { name: 'secret overflow', hidden: true, input: [[1000, -Infinity]], expected: [1, 0], compare: exact },
  { name: 'secret nan', hidden: true, input: [[NaN]], expected: [NaN], compare: exact },
];

const result = (name: string, hidden: boolean, passed: boolean, extra: Partial<CodingTestResult> = {}) => ({
  name,
  hidden,
  passed,
  millis: 1,
  ...extra,
});

describe('testReport', () => {
  const run = {
    results: [
      result('two', false, false, { message: 'entry 0: expected 0.27, got 0.', got: '[0, 0.73]', console: 'a\n' }),
      result('empty throws', false, true),
      result('secret overflow', true, false, { message: 'got NaN', got: '[NaN, 0]', console: '1000\n' }),
      result('secret nan', true, true),
    ],
  };

  it('shows each visible test with input, expected and got, in order, and only counts hidden ones', () => {
    const report = testReport(TESTS, run);
    expect(report.visible).toEqual([
      {
        name: 'two',
        input: '[[1,2]]',
        expected: '[0.27,0.73]',
        got: '[0, 0.73]',
        passed: false,
        message: 'entry 0: expected 0.27, got 0.',
        line: null,
        column: null,
        console: 'a\n',
        millis: 1,
      },
      expect.objectContaining({ name: 'empty throws', expected: null, passed: true, got: null, message: null }),
    ]);
    expect(report.hidden).toEqual({ passed: 1, total: 2 });
  });

  it('holds nothing of a hidden test: no name, input, expected value, result or output', () => {
    const json = JSON.stringify(testReport(TESTS, run));
    for (const leak of ['secret', '1000', '-Infinity', 'NaN', 'got NaN']) expect(json).not.toContain(leak);
  });

  it('writes NaN and infinities as strings, as the exercise page does', () => {
    expect(showJson([[1, NaN, -Infinity]])).toBe('[[1,"NaN","-Infinity"]]');
  });

  it('says a test that did not run failed', () => {
    expect(testReport(TESTS.slice(0, 1), { results: [] }).visible[0]).toMatchObject({
      passed: false,
      message: 'The test was not run.',
    });
  });
});

describe('candidateConsole', () => {
  const run = (pieces: (string | undefined)[], load = 'loaded\n', truncated = false) =>
    ({
      results: TESTS.map((t, i) => result(t.name, t.hidden, true, pieces[i] ? { console: pieces[i] } : {})),
      console: {
        text: load + pieces.join('') + (truncated ? '… output cut here: the code printed more than 500 lines.\n' : ''),
        truncated,
      },
    }) satisfies Pick<CodingRunResult, 'results' | 'console'>;

  it('keeps everything when hidden tests printed nothing', () => {
    expect(candidateConsole(TESTS, run(['a\n', 'b\n']))).toBe('loaded\na\nb\n');
  });

  it('leaves out what hidden tests printed (their arguments), saying so', () => {
    const text = candidateConsole(TESTS, run(['a\n', undefined, '[1000,-Infinity]\n', '[NaN]\n']));
    expect(text).toBe('loaded\na\n(what the code printed in 2 hidden tests is not shown)\n');
  });

  it('keeps the cut note at the end of a cut output', () => {
    const text = candidateConsole(TESTS, run([undefined, 'b\n', 'secret\n'], 'loaded\n', true));
    expect(text).toBe(
      'loaded\nb\n(what the code printed in 1 hidden test is not shown)\n… output cut here: the code printed more than 500 lines.\n',
    );
  });

  it('drops the loading part rather than guess when the text is not laid out as expected', () => {
    const odd = run(['a\n', undefined, 'secret\n']);
    odd.console.text = 'something else entirely';
    expect(candidateConsole(TESTS, odd)).toBe('a\n(what the code printed in 1 hidden test is not shown)\n');
  });
});
