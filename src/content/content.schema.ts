import { z } from 'zod';
import { DATASET_NAMES } from '../datasets/names.js';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)')
  .max(64);
export const localized = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();

export const TrackFileSchema = z
  .object({
    slug,
    order: z.number().int().min(0),
    title: localized,
    summary: localized,
    skills: z.array(z.object({ slug, title: localized, description: localized }).strict()).min(1),
    exercises: z
      .array(
        z.union([
          slug,
          z.object({ slug, planned: z.literal(true), title: localized, summary: localized.optional() }).strict(),
        ]),
      )
      .default([]),
    sources: z.array(z.enum(['zh-guide', 'en-guide'])).default([]),
  })
  .strict();
export type TrackFile = z.infer<typeof TrackFileSchema>;

const positiveInt = z.number().int().positive();

export const ExerciseFileSchema = z
  .object({
    slug,
    type: z.enum(['MODEL', 'CODING', 'QUIZ']),
    track: slug,
    skills: z.array(slug).default([]),
    difficulty: z.number().int().min(1).max(5),
    title: localized,
    summary: localized,
    dataset: z.enum(DATASET_NAMES).optional(),
    task: z
      .object({
        inputShape: z.array(positiveInt).min(1),
        numClasses: positiveInt,
        vocabSize: positiveInt.optional(),
        seqLen: positiveInt.optional(),
        output: z.enum(['softmax', 'sigmoid']).optional(),
      })
      .strict()
      .optional(),
    budget: z
      .object({
        maxParams: positiveInt,
        maxEpochs: positiveInt,
        maxBatchSize: positiveInt,
        minBatchSize: positiveInt.optional(),
        wallClockSeconds: positiveInt,
        trainSubset: positiveInt.optional(),
        testSubset: positiveInt.optional(),
      })
      .strict()
      .optional(),
    grader: z.string().min(1),
    threshold: z.number().min(0).max(1).optional(),
    /** CODING: the export the tests call, `default` or a function name (tests in tests.yaml). */
    entry: z
      .string()
      .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be default or a JavaScript identifier')
      .optional(),
    /** CODING in Python (optional): the function in starter.py / reference.py the tests call, snake_case. */
    'python-entry': z
      .string()
      .max(64)
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a snake_case Python function name')
      .optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.type === 'MODEL') {
      for (const key of ['dataset', 'task', 'budget', 'threshold'] as const) {
        if (e[key] === undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required for a MODEL exercise' });
      }
    }
    if (e.type === 'CODING') {
      if (e.entry === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['entry'],
          message: 'is required for a CODING exercise (default, or the export name)',
        });
      if (e.grader !== 'unit-tests')
        ctx.addIssue({ code: 'custom', path: ['grader'], message: 'a CODING exercise is graded by unit-tests' });
    }
    if (e.type === 'QUIZ' && e.grader !== 'quiz')
      ctx.addIssue({ code: 'custom', path: ['grader'], message: 'a QUIZ exercise is graded by quiz' });
    if (e.type !== 'MODEL') {
      for (const key of ['dataset', 'task', 'budget'] as const) {
        if (e[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is for MODEL exercises only` });
      }
    }
    if (e.type !== 'CODING' && e.entry !== undefined)
      ctx.addIssue({ code: 'custom', path: ['entry'], message: 'is for CODING exercises only' });
    if (e.type !== 'CODING' && e['python-entry'] !== undefined)
      ctx.addIssue({ code: 'custom', path: ['python-entry'], message: 'is for CODING exercises only' });
  });
export type ExerciseFile = z.infer<typeof ExerciseFileSchema>;
