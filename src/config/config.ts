import os from 'node:os';
import { z } from 'zod';

/** The sandbox's own cap on source code and the database's CHECK on submissions.code, in bytes. */
export const CODE_BYTES_CEILING = 256 * 1024;

/** Every setting the processes read, with defaults that work on a developer machine. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/tensor_dojo'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  JWT_SECRET: z.string().min(16).optional(),
  JWT_EXPIRES_IN_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 3600),
  CONTENT_DIR: z.string().default('exercises'),
  DATASETS_DIR: z.string().optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  MAX_RUNNING_PER_CANDIDATE: z.coerce.number().int().min(1).default(1),
  MAX_QUEUED_PER_CANDIDATE: z.coerce.number().int().min(1).default(5),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(8),
  GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().min(10).default(2000),
  QUEUE_PREFIX: z.string().default('dojo'),
  /** How long a worker's claim on a job lasts without renewal; a killed worker's job is taken over after about this long. */
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).default(30),
  /** How often queued submissions without a job are looked for and re-enqueued. */
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Largest code a submission or an exercise draft may carry, in UTF-8 bytes (the HTTP body limit is derived from it). */
  MAX_CODE_BYTES: z.coerce.number().int().min(1024).max(CODE_BYTES_CEILING).default(CODE_BYTES_CEILING),
  /** Graded practice attempts per candidate per exercise in any hour (assessments have their own time limit). */
  PRACTICE_ATTEMPTS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Seed for shuffling and initialisation, so a grade can be reproduced. */
  TRAINING_SEED: z.coerce.number().int().default(1234),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface AppConfig extends Omit<RawConfig, 'JWT_SECRET'> {
  JWT_SECRET: string;
}

const DEV_JWT_SECRET = 'tensor-dojo-development-secret-change-me';

/** Parses and checks the environment; throws one readable message naming each bad variable. */
export function validateConfig(env: Record<string, unknown>): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  if (!config.JWT_SECRET && config.NODE_ENV === 'production') {
    throw new Error('Invalid configuration: JWT_SECRET must be set (at least 16 characters) when NODE_ENV=production');
  }
  return { ...config, JWT_SECRET: config.JWT_SECRET ?? DEV_JWT_SECRET };
}

let cached: AppConfig | undefined;
/** The process-wide config, read from process.env once. */
export function loadConfig(): AppConfig {
  cached ??= validateConfig(process.env);
  return cached;
}

/** For tests that change process.env between app instances. */
export function resetConfigCache(): void {
  cached = undefined;
}
