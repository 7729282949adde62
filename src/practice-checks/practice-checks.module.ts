import { Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ExercisesModule } from '../exercises/exercises.module.js';
import type { SandboxPool } from '../sandbox/sandbox.js';
import { CHECK_POOL, createCheckPool } from './check-pool.js';
import { CheckRateLimit } from './check-rate-limit.js';
import { PracticeChecksResolver } from './practice-checks.resolver.js';
import { PracticeChecksService } from './practice-checks.service.js';

/** checkModel and runVisibleTests, served by a sandbox pool inside the API process. */
@Module({
  imports: [ExercisesModule],
  providers: [
    { provide: CHECK_POOL, inject: [APP_CONFIG], useFactory: createCheckPool },
    CheckRateLimit,
    PracticeChecksService,
    PracticeChecksResolver,
  ],
})
export class PracticeChecksModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('practice-checks');

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
