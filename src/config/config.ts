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
  /** Sandbox child processes per worker; each builds one model or runs one coding submission at a time. */
  SANDBOX_POOL_SIZE: z.coerce.number().int().min(1).max(64).default(1),
  /** Default limits of one sandboxed run (an exercise's budget may set its own per request). */
  SANDBOX_MEMORY_MB: z.coerce.number().int().min(16).max(4096).default(128),
  SANDBOX_CPU_MS: z.coerce.number().int().min(100).default(2_000),
  SANDBOX_WALL_MS: z.coerce.number().int().min(100).default(5_000),
  SANDBOX_MAX_OUTPUT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** `--max-old-space-size` of each sandbox child's own heap (the isolates have their own limit). */
  SANDBOX_CHILD_HEAP_MB: z.coerce.number().int().min(128).default(512),
  /** User and group the sandbox children run as; default nobody (65534) when this process is root, else its own. */
  SANDBOX_UID: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .transform((v) => v ?? (runsAsRoot() ? NOBODY : undefined)),
  /** Where `vite build` put the web app that the API serves at `/`. */
  WEB_DIR: z.string().default('dist/web'),
  /** GraphiQL at /graphiql (and introspection); default on outside production. */
  GRAPHIQL: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  SANDBOX_GID: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .transform((v) => v ?? (runsAsRoot() ? NOBODY : undefined)),
});

/** uid/gid of `nobody`, which sandbox children drop to when the worker runs as root. */
const NOBODY = 65534;

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface AppConfig extends Omit<RawConfig, 'JWT_SECRET' | 'GRAPHIQL'> {
  JWT_SECRET: string;
  GRAPHIQL: boolean;
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
  const canSwitchUser = runsAsRoot() || process.getuid === undefined;
  if (!canSwitchUser && config.SANDBOX_UID !== undefined && config.SANDBOX_UID !== process.getuid?.()) {
    throw new Error('Invalid configuration: SANDBOX_UID can differ from the process user only when it runs as root');
  }
  if (!canSwitchUser && config.SANDBOX_GID !== undefined && config.SANDBOX_GID !== process.getgid?.()) {
    throw new Error('Invalid configuration: SANDBOX_GID can differ from the process group only when it runs as root');
  }
  if (!config.JWT_SECRET && config.NODE_ENV === 'production') {
    throw new Error('Invalid configuration: JWT_SECRET must be set (at least 16 characters) when NODE_ENV=production');
  }
  return {
    ...config,
    JWT_SECRET: config.JWT_SECRET ?? DEV_JWT_SECRET,
    GRAPHIQL: config.GRAPHIQL ?? config.NODE_ENV !== 'production',
  };
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
