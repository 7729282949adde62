/**
 * Grade text in every locale the product speaks. A grade is written once, by the worker, and
 * read by candidates and managers in either language, so graders write each line in both; the
 * English stays in `summary`/`feedback` (API clients, CSV, logs) and the rest goes to
 * `localized`, which the GraphQL `Grade` fields read by their `locale` argument.
 */
import type { Grade, GradeLocale } from './types.js';

/** One line of grade text: English and Simplified Chinese. */
export interface GradeText {
  en: string;
  'zh-CN': string;
}

export const text = (en: string, zhCN: string): GradeText => ({ en, 'zh-CN': zhCN });

/** The same line in every locale (names, numbers, messages that came from the candidate's own code). */
export const verbatim = (line: string): GradeText => text(line, line);

/** A Grade whose summary and feedback are given in every locale. */
export function localizedGrade(passed: boolean, score: number, summary: GradeText, feedback: GradeText[]): Grade {
  return {
    passed,
    score,
    summary: summary.en,
    feedback: feedback.map((line) => line.en),
    localized: { 'zh-CN': { summary: summary['zh-CN'], feedback: feedback.map((line) => line['zh-CN']) } },
  };
}

/** The grade's lines as GradeText, for graders that build on another grader's result. */
export function gradeTexts(grade: Grade): { summary: GradeText; feedback: GradeText[] } {
  const zh = grade.localized?.['zh-CN'];
  return {
    summary: text(grade.summary, zh?.summary ?? grade.summary),
    feedback: grade.feedback.map((line, i) => text(line, zh?.feedback[i] ?? line)),
  };
}

/** Summary and feedback in `locale`; English where a grade (an older one) has no translation. */
export function gradeIn(
  grade: Pick<Grade, 'summary' | 'feedback' | 'localized'>,
  locale: GradeLocale,
): { summary: string; feedback: string[] } {
  const translated = locale === 'en' ? undefined : grade.localized?.[locale];
  return translated ?? { summary: grade.summary, feedback: grade.feedback };
}
