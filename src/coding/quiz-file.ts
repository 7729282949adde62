/**
 * quiz.yaml of a concept check (exercise type QUIZ), graded on the host by graders/quiz.ts.
 *
 *   questions:
 *     - id: gap                          # unique in the quiz; the answer object's key
 *       kind: single                     # single | multiple | short
 *       text: { en: ..., zh-CN: ... }
 *       options:                         # single and multiple only
 *         - { id: a, text: { en: ..., zh-CN: ... } }
 *       answer: a                        # single: one option id; multiple: a list of ids
 *       accept: ["0.25", "25%"]          # short only: accepted answers (any language)
 *       explanation: { en: ..., zh-CN: ... }   # shown after grading, right or wrong
 *
 * Short answers are normalised before comparing: Unicode NFKC (full-width → half-width),
 * lower case, punctuation and surrounding spaces dropped, runs of spaces collapsed; when
 * both sides read as numbers (a trailing % divides by 100) they are compared as numbers.
 */
import { readYamlFile } from '../common/yaml-file.js';
import { z } from 'zod';

const localized = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -');

export const QuestionSchema = z
  .object({
    id,
    kind: z.enum(['single', 'multiple', 'short']),
    text: localized,
    options: z.array(z.object({ id, text: localized }).strict()).optional(),
    answer: z.union([id, z.array(id).min(1)]).optional(),
    accept: z
      .array(z.union([z.string().min(1), z.number()]).transform(String))
      .min(1)
      .optional(),
    /** Short numeric answers: relative tolerance (default 1e-9). */
    tolerance: z.number().min(0).max(1).optional(),
    explanation: localized,
  })
  .strict()
  .superRefine((q, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (q.kind === 'short') {
      if (!q.accept) issue('a short question needs accept: [...]');
      if (q.options || q.answer) issue('a short question has no options or answer (use accept)');
      return;
    }
    if (!q.options || q.options.length < 2) return issue('a choice question needs at least two options');
    const ids = new Set(q.options.map((o) => o.id));
    if (ids.size !== q.options.length) issue('option ids must be unique');
    if (q.accept) issue('accept is for short questions only');
    const answers = q.answer === undefined ? [] : Array.isArray(q.answer) ? q.answer : [q.answer];
    if (answers.length === 0) issue('answer is required');
    if (q.kind === 'single' && Array.isArray(q.answer)) issue('a single-choice question has one answer id');
    for (const a of answers) if (!ids.has(a)) issue(`answer "${a}" is not an option id`);
  });

export const QuizFileSchema = z
  .object({ questions: z.array(QuestionSchema).min(1) })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    for (const q of quiz.questions) {
      if (seen.has(q.id))
        ctx.addIssue({ code: 'custom', path: ['questions'], message: `question id "${q.id}" is used twice` });
      seen.add(q.id);
    }
  });
export type QuizFile = z.infer<typeof QuizFileSchema>;
export type QuizQuestion = QuizFile['questions'][number];

export function loadQuiz(file: string, problems: string[]): QuizFile | undefined {
  return readYamlFile(QuizFileSchema, file, problems);
}

/** The answer key: for each question, its option id(s) or its first accepted answer. */
export function answerKey(quiz: QuizFile): Record<string, string | string[]> {
  const key: Record<string, string | string[]> = {};
  for (const q of quiz.questions) key[q.id] = q.kind === 'short' ? q.accept![0] : q.answer!;
  return key;
}
