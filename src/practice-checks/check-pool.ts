import type { AppConfig } from '../config/config.js';
import { SandboxPool, sandboxPoolOptions } from '../sandbox/sandbox.js';

/** The API process's own sandbox pool for checks and runs (CHECK_POOL_SIZE children, the SANDBOX_* limits). */
export const CHECK_POOL = Symbol('CHECK_POOL');

export function createCheckPool(config: AppConfig): SandboxPool {
  return new SandboxPool({ ...sandboxPoolOptions(config), size: config.CHECK_POOL_SIZE });
}
