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
import { defaultSandboxPool, type SandboxPool } from '../../sandbox/sandbox.js';
import type { SandboxFailureCode, SandboxRequest } from '../../sandbox/sandbox.types.js';
import {
  formatRefusals,
  validateModel,
  type ModelBudget,
  type Refusal,
  type ValidatedPlan,
} from './model-validation.js';

export type PreparedSubmission =
  | { ok: true; plan: ValidatedPlan; sandboxMillis: number }
  | {
      ok: false;
      stage: 'sandbox' | 'validate';
      code: SandboxFailureCode | 'MODEL_REFUSED';
      message: string;
      /** Only for stage 'validate'. */
      refusals?: Refusal[];
      /** True for our own failures (worth retrying, not counted against the candidate). */
      retryable: boolean;
    };

export async function prepareSubmission(
  request: SandboxRequest,
  budget: ModelBudget,
  pool: SandboxPool = defaultSandboxPool(),
): Promise<PreparedSubmission> {
  const outcome = await pool.build(request);
  if (!outcome.ok) {
    return {
      ok: false,
      stage: 'sandbox',
      code: outcome.code,
      message: outcome.message,
      retryable: outcome.code === 'SANDBOX_CRASHED',
    };
  }
  const result = validateModel(outcome, request.task, budget);
  if (!result.ok) {
    return {
      ok: false,
      stage: 'validate',
      code: 'MODEL_REFUSED',
      message: formatRefusals(result.refusals),
      refusals: result.refusals,
      retryable: false,
    };
  }
  return { ok: true, plan: result.plan, sandboxMillis: outcome.millis };
}
