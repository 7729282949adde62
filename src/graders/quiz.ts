/**
 * Grader for concept checks (type QUIZ). Runs on the host: no candidate code is involved.
 *
 * Answers: `{ [questionId]: string | string[] }` (an option id, a list of option ids for a
 * multiple-choice question, or free text for a short one). Per question: single and short
 * score 0 or 1; multiple scores (right picks − wrong picks) / number of right options, never
 * below 0. The grade's score is the mean over questions (0–100); the quiz passes at the
 * exercise's threshold (default 0.75). Every question gets a feedback line with the reason.
 */
import type { QuizFile, QuizQuestion } from '../coding/quiz-file.js';
import type { Grade } from './types.js';

export type QuizAnswers = Record<string, string | string[] | undefined>;
export type QuizLocale = 'en' | 'zh-CN';

export interface QuizGradeInput {
  quiz: QuizFile;
  answers: QuizAnswers;
  /** Share of points needed to pass, 0..1. Default 0.75. */
  threshold?: number;
  /** Language of the explanations in the feedback. Default en. */
  locale?: QuizLocale;
}

export interface QuestionResult {
  id: string;
  /** 0..1 */
  score: number;
  correct: boolean;
  answered: boolean;
}

/** NFKC, lower case, punctuation dropped, spaces collapsed. */
export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "0.25", "25%", "2.5e-1" → 0.25; anything else → undefined. */
export function readNumber(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/,/g, '');
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(%?)$/i.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? n / 100 : n;
}

function shortCorrect(q: QuizQuestion, given: string): boolean {
  const n = readNumber(given);
  const tol = q.tolerance ?? 1e-9;
  return q.accept!.some((a) => {
    const m = readNumber(a);
    if (m !== undefined && n !== undefined) return Math.abs(n - m) <= tol * Math.max(1, Math.abs(m));
    return normaliseAnswer(a) === normaliseAnswer(given) && normaliseAnswer(a) !== '';
  });
}

export function scoreQuestion(q: QuizQuestion, given: string | string[] | undefined): QuestionResult {
  const answered = given !== undefined && given !== '' && !(Array.isArray(given) && given.length === 0);
  let score = 0;
  if (answered) {
    if (q.kind === 'short') score = shortCorrect(q, Array.isArray(given) ? given.join(' ') : given) ? 1 : 0;
    else if (q.kind === 'single')
      score = (Array.isArray(given) ? given.length === 1 && given[0] === q.answer : given === q.answer) ? 1 : 0;
    else {
      const right = new Set(q.answer as string[]);
      const picks = new Set(Array.isArray(given) ? given : [given]);
      let hits = 0;
      let misses = 0;
      for (const p of picks) {
        if (right.has(p)) hits++;
        else misses++;
      }
      score = Math.max(0, (hits - misses) / right.size);
    }
  }
  return { id: q.id, score, correct: score === 1, answered };
}

export function gradeQuiz({
  quiz,
  answers,
  threshold = 0.75,
  locale = 'en',
}: QuizGradeInput): Grade & { questions: QuestionResult[] } {
  const zh = locale === 'zh-CN';
  const questions = quiz.questions.map((q) => scoreQuestion(q, answers[q.id]));
  const points = questions.reduce((s, r) => s + r.score, 0);
  const share = questions.length === 0 ? 0 : points / questions.length;
  const passed = share >= threshold - 1e-12;
  const right = questions.filter((r) => r.correct).length;
  const feedback = quiz.questions.map((q, i) => {
    const r = questions[i];
    const status = !r.answered
      ? zh
        ? '未作答'
        : 'not answered'
      : r.correct
        ? zh
          ? '正确'
          : 'correct'
        : r.score > 0
          ? zh
            ? `部分正确（${Math.round(r.score * 100)}%）`
            : `partly right (${Math.round(r.score * 100)} %)`
          : zh
            ? '错误'
            : 'wrong';
    return `${i + 1}. ${status}${zh ? '：' : ': '}${q.explanation[locale]}`.trim();
  });
  const unknown = Object.keys(answers).filter((k) => !quiz.questions.some((q) => q.id === k));
  if (unknown.length > 0)
    feedback.push(
      zh
        ? `以下答案不对应任何题目，已忽略：${unknown.join(', ')}`
        : `Ignored answers to unknown questions: ${unknown.join(', ')}.`,
    );
  const pct = Math.round(share * 1000) / 10;
  const summary = zh
    ? `${passed ? '通过' : '未通过'}：${quiz.questions.length} 题答对 ${right} 题，得分 ${pct}%（需要 ${Math.round(threshold * 100)}%）`
    : `${passed ? 'Passed' : 'Failed'}: ${right} of ${quiz.questions.length} questions right, ${pct} % (${Math.round(threshold * 100)} % needed)`;
  return { passed, score: pct, summary, feedback, questions };
}

export const quizGrader = {
  name: 'quiz',
  description:
    'Concept checks: multiple-choice and short answers scored on the host; passes at the threshold (default 75 %).',
  grade: gradeQuiz,
} as const;
