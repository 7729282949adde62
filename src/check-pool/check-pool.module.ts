import { Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import { CheckAdmission } from './check-admission.js';
import { CHECK_POOL, createCheckPool } from './check-pool.js';

/**
 * The API's check pool and its admission, below the features that use it (practice-checks for
 * Check/Run, authoring for fillExpectedValues), so neither imports the other: one pool, one
 * instance per API process (Nest modules are singletons).
 */
@Module({
  providers: [{ provide: CHECK_POOL, inject: [APP_CONFIG], useFactory: createCheckPool }, CheckAdmission],
  exports: [CHECK_POOL, CheckAdmission],
})
export class CheckPoolModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('check-pool');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CHECK_POOL) private readonly pool: SandboxPool,
  ) {}

  /** Loading tfjs takes a child a few seconds: do it now, not in the first candidate's Check. */
  onApplicationBootstrap(): void {
    if (!this.config.CHECK_POOL_WARM_UP) return;
    const started = Date.now();
    this.pool.warmUp().then(
      () => this.logger.log(`check pool ready (${this.config.CHECK_POOL_SIZE} children, ${Date.now() - started} ms)`),
      (e: Error) => this.logger.warn(`check pool warm-up failed (checks will start it again): ${e.message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
