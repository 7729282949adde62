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
/** Hints per exercise: enough to lead the way, few enough that they do not replace the explanation. */
export const MAX_HINTS = 5;
const accuracy = z.number().min(0).max(1);

/**
 * One side of a calibration table: the measure per seed (in the order of `seeds`: a test
 * accuracy, or a reconstruction's test MSE), their mean and σ.
 */
const calibrationSide = z
  .object({ values: z.array(z.number().min(0).max(1)).min(1), mean: accuracy, sigma: z.number().min(0) })
  .strict();

/**
 * MODEL: how the threshold was set (`npm run exercises:calibrate`): the reference and the
 * baseline trained with each seed, on the engine named, at the commit named. The worker reads
 * the reference's σ (σ_seed) to decide when a result is close enough to the threshold to be
 * trained again with a second seed; `exercises:validate` re-runs the first seed.
 */
export const CalibrationSchema = z
  .object({
    measuredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date such as 2026-12-02'),
    commit: z.string().regex(/^[0-9a-f]{7,40}(-dirty)?$/, 'must be a git commit hash'),
    engine: z.string().min(1),
    threads: positiveInt,
    /** full: the exercise's own budget (σ used by the worker); quick: reduced subsets (σ ignored). */
    data: z.enum(['full', 'quick']),
    /** What the values are: test accuracy (higher is better) or a reconstruction's test MSE (lower is better). */
    metric: z.enum(['accuracy', 'mse']).default('accuracy'),
    seeds: z.array(z.number().int().min(0)).min(2),
    reference: calibrationSide,
    baseline: calibrationSide,
    proposedThreshold: accuracy.nullable(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (new Set(c.seeds).size !== c.seeds.length)
      ctx.addIssue({ code: 'custom', path: ['seeds'], message: 'must be distinct' });
    for (const side of ['reference', 'baseline'] as const) {
      const a = c[side].values;
      if (a.length !== c.seeds.length) {
        ctx.addIssue({ code: 'custom', path: [side, 'values'], message: 'needs one value per seed' });
        continue;
      }
      const mean = a.reduce((x, y) => x + y, 0) / a.length;
      const sigma = a.length > 1 ? Math.sqrt(a.reduce((x, v) => x + (v - mean) ** 2, 0) / (a.length - 1)) : 0;
      // Written rounded to 6 decimals.
      if (Math.abs(mean - c[side].mean) > 1e-5)
        ctx.addIssue({
          code: 'custom',
          path: [side, 'mean'],
          message: `is not the mean of the values (${mean.toFixed(6)})`,
        });
      if (Math.abs(sigma - c[side].sigma) > 1e-5)
        ctx.addIssue({
          code: 'custom',
          path: [side, 'sigma'],
          message: `is not their sample standard deviation (${sigma.toFixed(6)})`,
        });
    }
  });
export type CalibrationFile = z.infer<typeof CalibrationSchema>;

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
        output: z.enum(['softmax', 'sigmoid', 'reconstruction']).optional(),
        /** Reconstruction: the narrowest layer (the code) holds at most this many values per example. */
        maxCodeSize: positiveInt.optional(),
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
    /** MODEL, grader threshold-and-gap: how far the final train accuracy may lie above the test accuracy. */
    maxGap: z.number().min(0).max(1).optional(),
    /**
     * MODEL (optional): what `exercises:validate --quick` trains and grades with. Without it a
     * quick run only checks that the reference beats the baseline; with it the grader decides
     * on these subsets with this threshold (and maxGap): the reference must pass, the baseline fail.
     */
    quick: z
      .object({
        trainSubset: positiveInt,
        testSubset: positiveInt,
        maxEpochs: positiveInt,
        threshold: z.number().min(0).max(1),
        maxGap: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    calibration: CalibrationSchema.optional(),
    /** Practice only: revealed one at a time, in this order (never in assessments; see src/learning). */
    hints: z.array(localized).min(1).max(MAX_HINTS).optional(),
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
    if (e.type === 'MODEL' && e.grader === 'threshold-and-gap') {
      if (e.maxGap === undefined)
        ctx.addIssue({ code: 'custom', path: ['maxGap'], message: 'is required by the threshold-and-gap grader' });
      if (e.quick && e.quick.maxGap === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['quick', 'maxGap'],
          message: 'is required by the threshold-and-gap grader',
        });
    }
    if (e.maxGap !== undefined && e.grader !== 'threshold-and-gap')
      ctx.addIssue({ code: 'custom', path: ['maxGap'], message: 'is read only by the threshold-and-gap grader' });
    if (e.type !== 'MODEL') {
      for (const key of ['dataset', 'task', 'budget', 'calibration', 'quick'] as const) {
        if (e[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is for MODEL exercises only` });
      }
    }
    if (e.type !== 'CODING' && e.entry !== undefined)
      ctx.addIssue({ code: 'custom', path: ['entry'], message: 'is for CODING exercises only' });
    if (e.type !== 'CODING' && e['python-entry'] !== undefined)
      ctx.addIssue({ code: 'custom', path: ['python-entry'], message: 'is for CODING exercises only' });
  });
export type ExerciseFile = z.infer<typeof ExerciseFileSchema>;
