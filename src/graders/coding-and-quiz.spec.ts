import { describe, expect, it } from '@jest/globals';
import type { CodingRunResult } from '../coding/run-coding-exercise.js';
import type { CodingTest } from '../coding/tests-file.js';
import { QuizFileSchema, type QuizFile } from '../coding/quiz-file.js';
import { gradeQuiz, normaliseAnswer, readNumber } from './quiz.js';
import { gradeUnitTests } from './unit-tests.js';

const test = (name: string, hidden: boolean): CodingTest => ({
  name,
  hidden,
  input: [[1, 2]],
  expected: [3],
  compare: { kind: 'array' },
});
const tests = [test('v1', false), test('v2', false), test('h1', true), test('h2', true), test('h3', true)];
const run = (passes: boolean[]): CodingRunResult => ({
  score: passes.filter(Boolean).length / passes.length,
  passed: passes.filter(Boolean).length,
  total: passes.length,
  results: passes.map((p, i) => ({
    name: tests[i].name,
    hidden: tests[i].hidden,
    passed: p,
    millis: 1,
    ...(p ? {} : { message: `secret detail ${i}` }),
  })),
  millis: 5,
  console: { text: '', truncated: false },
});

describe('unit-tests grader', () => {
  it('passes only when every test passes by default, and scores the share passed', () => {
    const all = gradeUnitTests({ run: run([true, true, true, true, true]), tests });
    expect(all).toMatchObject({ passed: true, score: 100 });
    const most = gradeUnitTests({ run: run([true, true, true, true, false]), tests });
    expect(most).toMatchObject({ passed: false, score: 80 });
    expect(gradeUnitTests({ run: run([true, true, true, true, false]), tests, threshold: 0.8 }).passed).toBe(true);
  });

  it('explains a failed visible test with its input and expected value, and only counts hidden ones', () => {
    const g = gradeUnitTests({ run: run([false, true, true, false, false]), tests });
    const text = g.feedback.join('\n');
    expect(text).toContain('Test "v1" failed: secret detail 0 (input: [1, 2]; expected: [3])');
    expect(text).toContain('1 of 3 hidden tests passed.');
    expect(text).not.toContain('secret detail 3');
    expect(text).not.toContain('h2');
    expect(g.summary).toBe('Failed: 2 of 5 tests (40 %) — all tests needed');
  });

  it('writes the same lines in Chinese, hidden tests only counted there too', () => {
    const g = gradeUnitTests({ run: run([false, true, true, false, false]), tests });
    const zh = g.localized!['zh-CN']!;
    expect(zh.summary).toBe('未通过：5 个测试通过 2 个（40 %），需要全部测试通过');
    expect(zh.feedback).toHaveLength(g.feedback.length);
    expect(zh.feedback).toContain('测试“v1”未通过：secret detail 0（输入：[1, 2]；期望：[3]）');
    expect(zh.feedback).toContain('隐藏测试 3 个，通过 1 个。');
    expect(zh.feedback.join('\n')).not.toMatch(/secret detail 3|h2/);
  });

  it('hints at edge cases when only hidden tests fail', () => {
    const g = gradeUnitTests({ run: run([true, true, true, false, true]), tests });
    expect(g.feedback.join('\n')).toContain('edge cases');
  });

  it('fails with the sandbox message when nothing could run, and says when to retry', () => {
    const broken: CodingRunResult = {
      ...run([false, false, false, false, false]),
      error: { code: 'COMPILE_ERROR', message: 'line 1: nope' },
    };
    expect(gradeUnitTests({ run: broken, tests })).toMatchObject({
      passed: false,
      score: 0,
      feedback: ['line 1: nope'],
    });
    const crashed: CodingRunResult = { ...broken, error: { code: 'SANDBOX_CRASHED', message: 'x' }, retryable: true };
    expect(gradeUnitTests({ run: crashed, tests }).summary).toContain('retry');
  });
});

const quiz: QuizFile = QuizFileSchema.parse({
  questions: [
    {
      id: 'one',
      kind: 'single',
      text: { en: 'Q1', 'zh-CN': '问1' },
      options: [
        { id: 'a', text: { en: 'A', 'zh-CN': '甲' } },
        { id: 'b', text: { en: 'B', 'zh-CN': '乙' } },
      ],
      answer: 'b',
      explanation: { en: 'because B', 'zh-CN': '因为乙' },
    },
    {
      id: 'many',
      kind: 'multiple',
      text: { en: 'Q2', 'zh-CN': '问2' },
      options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: { en: id, 'zh-CN': id } })),
      answer: ['a', 'c'],
      explanation: { en: 'a and c', 'zh-CN': '甲和丙' },
    },
    {
      id: 'num',
      kind: 'short',
      text: { en: 'Q3', 'zh-CN': '问3' },
      accept: ['0.25'],
      explanation: { en: 'a quarter', 'zh-CN': '四分之一' },
    },
    {
      id: 'word',
      kind: 'short',
      text: { en: 'Q4', 'zh-CN': '问4' },
      accept: ['early stopping', '早停'],
      explanation: { en: 'stop early', 'zh-CN': '提前停止' },
    },
  ],
});

describe('quiz grader', () => {
  it('scores a full key 100 % and explains every question', () => {
    const g = gradeQuiz({ quiz, answers: { one: 'b', many: ['c', 'a'], num: '0.25', word: 'early stopping' } });
    expect(g).toMatchObject({ passed: true, score: 100 });
    expect(g.feedback).toEqual([
      '1. correct: because B',
      '2. correct: a and c',
      '3. correct: a quarter',
      '4. correct: stop early',
    ]);
  });

  it('gives partial credit on multiple choice, minus a share for each wrong pick', () => {
    const g = gradeQuiz({ quiz, answers: { one: 'b', many: ['a'], num: '0.25', word: 'early stopping' } });
    expect(g.questions[1].score).toBe(0.5);
    expect(g.feedback[1]).toContain('partly right (50 %)');
    expect(gradeQuiz({ quiz, answers: { many: ['a', 'b'] } }).questions[1].score).toBe(0);
    expect(gradeQuiz({ quiz, answers: { many: ['a', 'b', 'c', 'd'] } }).questions[1].score).toBe(0);
  });

  it('normalises short answers: case, punctuation, full-width forms, percentages', () => {
    const answers = (num: string, word: string) =>
      gradeQuiz({ quiz, answers: { num, word } })
        .questions.slice(2)
        .map((q) => q.correct);
    expect(answers('25%', 'Early-Stopping!')).toEqual([true, true]);
    expect(answers('０.２５', '  早停。 ')).toEqual([true, true]);
    expect(answers('.25', 'EARLY   STOPPING')).toEqual([true, true]);
    expect(answers('0.26', 'stopping')).toEqual([false, false]);
    expect(normaliseAnswer('Ｄｒｏｐｏｕｔ，yes')).toBe('dropout yes');
    expect(readNumber('2.5e-1')).toBe(0.25);
    expect(readNumber('abc')).toBeUndefined();
  });

  it('fails below the threshold, marks unanswered questions, and writes Chinese feedback for zh-CN', () => {
    const g = gradeQuiz({ quiz, answers: { one: 'a', nonsense: 'x' }, locale: 'zh-CN' });
    expect(g.passed).toBe(false);
    expect(g.score).toBe(0);
    expect(g.feedback[0]).toBe('1. 错误：因为乙');
    expect(g.feedback[1]).toBe('2. 未作答：甲和丙');
    expect(g.feedback.at(-1)).toContain('nonsense');
    expect(g.summary).toContain('未通过');
  });

  it('refuses a quiz whose answer is not one of its options', () => {
    const bad = QuizFileSchema.safeParse({
      questions: [
        {
          id: 'x',
          kind: 'single',
          text: { en: 'Q', 'zh-CN': '问' },
          options: [
            { id: 'a', text: { en: 'A', 'zh-CN': '甲' } },
            { id: 'b', text: { en: 'B', 'zh-CN': '乙' } },
          ],
          answer: 'c',
          explanation: { en: 'e', 'zh-CN': '解' },
        },
      ],
    });
    expect(bad.success).toBe(false);
  });
});
