/**
 * Every coding exercise in exercises/: its reference passes all its tests and its starter
 * fails some, both run through the real sandbox. Every quiz: its answer key scores 100 %,
 * a wrong key does not pass. Plus the content rules for both types.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeQuiz } from '../graders/quiz.js';
import { gradeUnitTests } from '../graders/unit-tests.js';
import { loadContent } from './content-loader.js';
import { SandboxPool } from '../sandbox/sandbox.js';
import { answerKey } from '../coding/quiz-file.js';
import { runCodingSubmission } from '../coding/run-coding-exercise.js';
import { PythonSandbox } from '../python-sandbox/python-sandbox.js';

const ROOT = join(process.cwd(), 'exercises');
const content = loadContent(ROOT);
const coding = content.exercises.filter((e) => e.file.type === 'CODING');
const quizzes = content.exercises.filter((e) => e.file.type === 'QUIZ');
const pool = new SandboxPool({ size: 1 });
// Real bwrap; its own uid range (python-sandbox README).
const python = new PythonSandbox({ slots: 1, uidBase: 61_400 });
afterAll(() => pool.close());

describe('exercise bank', () => {
  it('has at least ten coding exercises and four quizzes, each listed by its track', () => {
    expect(coding.length).toBeGreaterThanOrEqual(10);
    expect(quizzes.length).toBeGreaterThanOrEqual(4);
    for (const e of [...coding, ...quizzes]) {
      const track = content.tracks.find((t) => t.slug === e.file.track)!;
      expect(track.exercises).toContain(e.file.slug);
      const skills = new Set(track.skills.map((s) => s.slug));
      for (const s of e.file.skills) expect(skills.has(s)).toBe(true);
    }
  });
});

describe.each(coding.map((e) => [e.file.slug, e] as const))('coding exercise %s', (slug, e) => {
  it('has statements in both languages, 3+ visible and 5+ hidden tests, and the unit-tests grader', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(e.statement[locale].startsWith('# ')).toBe(true);
      expect(e.statement[locale]).toContain('export default function');
    }
    expect(e.file.grader).toBe('unit-tests');
    const tests = e.tests!;
    expect(tests.filter((t) => !t.hidden).length).toBeGreaterThanOrEqual(3);
    expect(tests.filter((t) => t.hidden).length).toBeGreaterThanOrEqual(5);
    expect(existsSync(join(ROOT, slug, 'tests.yaml'))).toBe(true);
  });

  it('reference passes every test in the sandbox; the starter fails some', async () => {
    const tests = e.tests!;
    const entry = e.file.entry!;
    const reference = await runCodingSubmission({ language: 'TYPESCRIPT', code: e.referenceCode, entry, tests, pool });
    expect(reference.error).toBeUndefined();
    expect(reference.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
    expect(gradeUnitTests({ run: reference, tests, threshold: e.file.threshold }).passed).toBe(true);

    const starter = await runCodingSubmission({ language: 'TYPESCRIPT', code: e.starterCode, entry, tests, pool });
    expect(starter.error).toBeUndefined(); // the starter compiles and runs
    expect(starter.passed).toBeLessThan(starter.total);
    expect(gradeUnitTests({ run: starter, tests, threshold: e.file.threshold }).passed).toBe(false);
  });

  it('Python: reference.py passes every test in the Python sandbox; starter.py fails some', async () => {
    expect(e.python).toBeDefined(); // every coding exercise is offered in Python
    const { entry, referenceCode, starterCode } = e.python!;
    expect(entry).toMatch(/^[a-z_][a-z0-9_]*$/);
    const reference = await runCodingSubmission({
      language: 'PYTHON',
      code: referenceCode,
      entry,
      tests: e.tests!,
      python,
    });
    expect(reference.error).toBeUndefined();
    expect(reference.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.message}`)).toEqual([]);

    const starter = await runCodingSubmission({
      language: 'PYTHON',
      code: starterCode,
      entry,
      tests: e.tests!,
      python,
    });
    expect(starter.error).toBeUndefined(); // the starter loads and runs
    expect(starter.passed).toBeLessThan(starter.total);
    expect(gradeUnitTests({ run: starter, tests: e.tests!, threshold: e.file.threshold }).passed).toBe(false);
  });
});

describe.each(quizzes.map((e) => [e.file.slug, e] as const))('quiz %s', (_slug, e) => {
  it('has 4 to 6 questions, each with an explanation in both languages', () => {
    const quiz = e.quiz!;
    expect(quiz.questions.length).toBeGreaterThanOrEqual(4);
    expect(quiz.questions.length).toBeLessThanOrEqual(6);
    expect(e.file.grader).toBe('quiz');
    for (const locale of ['en', 'zh-CN'] as const) expect(e.statement[locale].startsWith('# ')).toBe(true);
  });

  it('scores its answer key 100 % and fails a key with every answer wrong', () => {
    const quiz = e.quiz!;
    const right = gradeQuiz({ quiz, answers: answerKey(quiz), threshold: e.file.threshold });
    expect(right.score).toBe(100);
    expect(right.passed).toBe(true);
    const wrongAnswers: Record<string, string | string[]> = {};
    for (const q of quiz.questions) {
      if (q.kind === 'short') wrongAnswers[q.id] = 'no idea';
      else {
        const correct = new Set(Array.isArray(q.answer) ? q.answer : [q.answer!]);
        const wrong = q.options!.map((o) => o.id).filter((id) => !correct.has(id));
        wrongAnswers[q.id] = q.kind === 'single' ? wrong[0] : wrong;
      }
    }
    const wrong = gradeQuiz({ quiz, answers: wrongAnswers, threshold: e.file.threshold });
    expect(wrong.score).toBe(0);
    expect(wrong.passed).toBe(false);
  });
});

it('reads every tests.yaml number exactly, including .inf and tiny exponents', () => {
  const softmax = coding.find((e) => e.file.slug === 'stable-softmax')!;
  const masked = softmax.tests!.find((t) => t.name.includes('masked'))!;
  expect((masked.input[0] as number[])[1]).toBe(-Infinity);
  expect(readFileSync(join(ROOT, 'stable-softmax', 'tests.yaml'), 'utf8')).toContain('-.inf');
});
