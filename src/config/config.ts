import os from 'node:os';
import { z } from 'zod';
import { isTrustProxySetting } from './trust-proxy.js';

/** The sandbox's own cap on source code and the database's CHECK on submissions.code, in bytes. */
export const CODE_BYTES_CEILING = 256 * 1024;

/** Every setting the processes read, with defaults that work on a developer machine. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/tensor_dojo'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Signs session tokens; when unset, a random secret is generated at first start and kept in the database. */
  JWT_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32).optional()),
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
  /** Root fields (aliased or not) one operation may carry: each is at least one database round trip. */
  GRAPHQL_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(20),
  /** Aliases anywhere in one operation. */
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  /** Schema introspection (and "Did you mean…" suggestions); default on except when NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  /** Open WebSocket connections per account (anonymous ones: per client address), per API process. */
  GRAPHQL_WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(8),
  /** Operations in flight or subscribed on one WebSocket connection. */
  GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(20),
  /** Operations in flight or subscribed over all of one account's WebSocket connections, per API process. */
  GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).default(50),
  QUEUE_PREFIX: z.string().default('dojo'),
  /** How long a worker's claim on a job lasts without renewal; a killed worker's job is taken over after about this long. */
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).default(30),
  /** How often each worker renews its heartbeat in Redis; it counts as gone after three missed beats. */
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  /** `npm start`: a process that crashes this many times within SUPERVISOR_CRASH_WINDOW_SECONDS is not restarted again. */
  SUPERVISOR_MAX_CRASHES: z.coerce.number().int().min(1).default(5),
  SUPERVISOR_CRASH_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** `npm start`: first restart delay after a crash, doubled per crash in the window (at most 30 s). */
  SUPERVISOR_BACKOFF_MS: z.coerce.number().int().min(0).default(500),
  /** How often queued submissions without a job are looked for and re-enqueued. */
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Largest code a submission or an exercise draft may carry, in UTF-8 bytes (the HTTP body limit is derived from it). */
  MAX_CODE_BYTES: z.coerce.number().int().min(1024).max(CODE_BYTES_CEILING).default(CODE_BYTES_CEILING),
  /** Graded practice attempts per candidate per exercise in any hour (assessments have their own time limit). */
  PRACTICE_ATTEMPTS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Failed sign-ins to one account (in 24 h) before each further attempt must wait; the waits then double. */
  LOGIN_FREE_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins from one client address (in 24 h) before each further attempt must wait. */
  LOGIN_FREE_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  /** The first wait after the free failures, in seconds; each further failure doubles it, up to LOGIN_DELAY_MAX_SECONDS. */
  LOGIN_DELAY_BASE_SECONDS: z.coerce.number().int().min(1).default(1),
  LOGIN_DELAY_MAX_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Accounts one client address may register per hour. */
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** GraphQL root fields (each alias counts) one client address may run per minute. */
  API_OPERATIONS_PER_MINUTE_PER_IP: z.coerce.number().int().min(1).default(1200),
  /** GraphQL root fields one signed-in account may run per minute, from any address. */
  API_OPERATIONS_PER_MINUTE_PER_ACCOUNT: z.coerce.number().int().min(1).default(600),
  /**
   * Which proxies to believe about the client address (X-Forwarded-For), as Express's `trust proxy`:
   * `false` (default: the socket address), `true`, a hop count, or a comma list of addresses/subnets
   * (`loopback`, `10.0.0.0/8`…).
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine(isTrustProxySetting, 'must be true, false, a hop count or a comma list of addresses/subnets'),
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
  /** What the candidate's console.log & co. may print in one run (bytes, lines); the rest is cut with a note. */
  SANDBOX_CONSOLE_MAX_BYTES: z.coerce.number().int().min(0).max(1_048_576).default(65_536),
  SANDBOX_CONSOLE_MAX_LINES: z.coerce.number().int().min(0).max(100_000).default(500),
  /** Python processes (CODING exercises in PYTHON) one process runs at a time; each has its own uid under root. */
  PYTHON_SANDBOX_SLOTS: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * Under root, Python sandbox slot i runs as uid BASE + i (no account needed), so RLIMIT_NPROC counts that slot's
   * processes only. Give every process on one host its own range: the API's check runs use BASE + 100 upwards.
   */
  /**
   * Python processes started ahead per slot (NumPy imported, waiting for one job; each used once,
   * then replaced): a run skips the ~0.25 s start. 0 starts one per run.
   */
  PYTHON_SANDBOX_WARM: z.coerce.number().int().min(0).max(4).default(1),
  PYTHON_SANDBOX_UID_BASE: z.coerce.number().int().min(1000).max(4_000_000_000).default(61_000),
  /** Sandbox children in the API process for checkModel / runVisibleTests (never behind training). */
  CHECK_POOL_SIZE: z.coerce.number().int().min(1).max(16).default(1),
  /** Start the check pool's children when the API starts (else on the first check). */
  CHECK_POOL_WARM_UP: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** checkModel + runVisibleTests calls per account per minute. */
  CHECKS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** fillExpectedValues calls per mentor per minute (they run in the same check pool). */
  EXPECTED_FILLS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
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
  /** GraphiQL at /graphiql, bundled locally; default: on wherever introspection is on (it needs it). */
  GRAPHIQL: z.enum(['true', 'false']).optional(),
  SANDBOX_GID: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .transform((v) => v ?? (runsAsRoot() ? NOBODY : undefined)),
  /** Mail transport (nodemailer), e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465; unset: links go to the server log. */
  SMTP_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .url()
      .refine((u) => /^smtps?:\/\//.test(u), 'must start with smtp:// or smtps://')
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default('Tensor Dojo <no-reply@localhost>'),
  /** Origin of the links in e-mails (verification, password reset); default http://localhost:PORT. */
  PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
});

/** uid/gid of `nobody`, which sandbox children drop to when the worker runs as root. */
const NOBODY = 65534;

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface AppConfig extends Omit<RawConfig, 'GRAPHQL_INTROSPECTION' | 'GRAPHIQL'> {
  GRAPHQL_INTROSPECTION: boolean;
  GRAPHIQL: boolean;
}

/**
 * Largest HTTP body and WebSocket message: twice the code limit (JSON escaping) plus room for
 * the rest of the operation, so the documented code limit is always reachable.
 */
export function requestBodyLimitBytes(config: Pick<AppConfig, 'MAX_CODE_BYTES'>): number {
  return 2 * config.MAX_CODE_BYTES + 64 * 1024;
}

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
  if (config.LOGIN_DELAY_MAX_SECONDS < config.LOGIN_DELAY_BASE_SECONDS) {
    throw new Error('Invalid configuration: LOGIN_DELAY_MAX_SECONDS must be at least LOGIN_DELAY_BASE_SECONDS');
  }
  const introspection =
    config.GRAPHQL_INTROSPECTION === undefined
      ? config.NODE_ENV !== 'production'
      : config.GRAPHQL_INTROSPECTION === 'true';
  return {
    ...config,
    GRAPHQL_INTROSPECTION: introspection,
    GRAPHIQL: config.GRAPHIQL === undefined ? introspection : config.GRAPHIQL === 'true',
  };
}

/**
 * One setting, checked by its row of the schema, without validating the others: for the
 * engines and scripts (data sets, trainer children) that need one value and no more.
 */
export function readSetting<K extends keyof RawConfig>(
  key: K,
  env: Record<string, unknown> = process.env,
): RawConfig[K] {
  const parsed = (ConfigSchema.shape[key] as unknown as z.ZodType<RawConfig[K]>).safeParse(env[key]);
  if (!parsed.success)
    throw new Error(`Invalid configuration: ${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
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
