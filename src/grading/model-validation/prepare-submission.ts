/**
 * Pipeline steps 1 + 2 in one call, for the grading worker:
 *
 *   const prepared = await prepareSubmission({ language, code, task }, budget);
 *   if (prepared.ok)            → train prepared.plan
 *   else if (prepared.retryable) → infrastructure error (SANDBOX_CRASHED): retry the job
 *   else                         → the candidate's error: final state with prepared.message
 *
 * `message` is ready to show the candidate (refusals one per line).
 */
import { trainingDefaults } from '../../exercises/training-defaults.js';
import { defaultSandboxPool, type SandboxPool } from '../../sandbox/sandbox.js';
import type { ConsoleOutput, ModelParams, SandboxFailureCode, SandboxRequest } from '../../sandbox/sandbox.types.js';
import {
  formatRefusals,
  validateModel,
  type ModelBudget,
  type Refusal,
  type ValidatedPlan,
} from './model-validation.js';

export type PreparedSubmission =
  | { ok: true; plan: ValidatedPlan; sandboxMillis: number; console: ConsoleOutput }
  | {
      ok: false;
      stage: 'sandbox' | 'validate';
      code: SandboxFailureCode | 'MODEL_REFUSED';
      message: string;
      /** Where in the candidate's source (stage 'sandbox': compile and runtime errors). */
      line?: number;
      column?: number;
      /** What build() printed, when it ran. */
      console?: ConsoleOutput;
      /** Stage 'validate': the model as built, so the candidate sees what was refused. */
      params?: ModelParams;
      /** Only for stage 'validate'. */
      refusals?: Refusal[];
      /** True for our own failures (worth retrying, not counted against the candidate). */
      retryable: boolean;
    };

export async function prepareSubmission(
  request: SandboxRequest,
  budget: ModelBudget,
  pool: SandboxPool = defaultSandboxPool(),
  signal?: AbortSignal,
): Promise<PreparedSubmission> {
  const outcome = await pool.build(request, { signal });
  if (!outcome.ok) {
    return {
      ok: false,
      stage: 'sandbox',
      code: outcome.code,
      message: outcome.message,
      ...(outcome.line !== undefined ? { line: outcome.line, column: outcome.column } : {}),
      ...(outcome.console ? { console: outcome.console } : {}),
      retryable: outcome.code === 'SANDBOX_CRASHED',
    };
  }
  // PostgreSQL cannot store U+0000 (in the topology, or in a refusal that quotes a name): left in,
  // it would fail the write and turn the candidate's model into a retried error of ours.
  const nul = nulPath({ model: outcome.topology, compile: outcome.plan.compile, fit: outcome.plan.fit }, '');
  if (nul) {
    return {
      ok: false,
      stage: 'validate',
      code: 'MODEL_REFUSED',
      message: `${nul}: contains the NUL character (U+0000); names and options must be printable text.`,
      console: outcome.console,
      retryable: false,
    };
  }
  // A Keras model may leave compile and fit out: the exercise's defaults fill them in.
  const defaults = request.language === 'KERAS_JSON' ? trainingDefaults(request.task, budget) : undefined;
  const result = validateModel(outcome, request.task, budget, defaults);
  if (!result.ok) {
    return {
      ok: false,
      stage: 'validate',
      code: 'MODEL_REFUSED',
      message: formatRefusals(result.refusals),
      refusals: result.refusals,
      console: outcome.console,
      params: outcome.params,
      retryable: false,
    };
  }
  return { ok: true, plan: result.plan, sandboxMillis: outcome.millis, console: outcome.console };
}

/** The path of the first string (or key) holding U+0000 in a JSON value, if any. */
function nulPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : undefined;
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    const shown = key.split('\u0000').join('\\u0000');
    const here = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${shown}` : shown;
    if (key.includes('\u0000')) return here;
    const found = nulPath(v, here, depth + 1);
    if (found) return found;
  }
  return undefined;
}
