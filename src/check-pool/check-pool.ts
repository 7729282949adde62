import type { AppConfig } from '../config/config.js';
import { SandboxPool, sandboxPoolOptions } from '../sandbox/sandbox.js';

/**
 * The API process's one sandbox pool for the quick, untracked runs: the candidates' Check and Run
 * (practice-checks) and the mentors' "fill the expected values" (authoring). CHECK_POOL_SIZE
 * children, the SANDBOX_* limits.
 */
export const CHECK_POOL = Symbol('CHECK_POOL');

export function createCheckPool(config: AppConfig): SandboxPool {
  return new SandboxPool({ ...sandboxPoolOptions(config), size: config.CHECK_POOL_SIZE });
}
