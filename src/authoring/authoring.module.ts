import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { SandboxPool, sandboxPoolOptions } from '../sandbox/sandbox.js';
import { SubmissionsCoreModule } from '../submissions/submissions-core.module.js';
import { AuthoringResolver } from './authoring.resolver.js';
import { AUTHORING_POOL, AuthoringService } from './authoring.service.js';

/**
 * Imports SubmissionsCoreModule for the grading queue (validation jobs run on the worker). Its
 * own one-child sandbox pool runs a draft's reference to fill expected values (started on first
 * use; not the check pool, whose module imports grading, which imports authoring).
 */
@Module({
  imports: [SubmissionsCoreModule],
  providers: [
    {
      provide: AUTHORING_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SandboxPool({ ...sandboxPoolOptions(config), size: 1 }),
    },
    AuthoringService,
    AuthoringResolver,
  ],
})
export class AuthoringModule implements OnApplicationShutdown {
  constructor(@Inject(AUTHORING_POOL) private readonly pool: SandboxPool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
