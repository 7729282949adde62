import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module.js';
import { AccountEmailResolver } from './account-email.resolver.js';
import { AccountEmailService } from './account-email.service.js';
import { AuthGuard } from './auth.guard.js';
import { EmailTokensRepository } from './email-tokens.repository.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { RateLimits } from './rate-limits.js';
import { SecretsRepository } from './secrets.repository.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [UsersModule],
  providers: [
    SecretsRepository,
    TokenService,
    RateLimits,
    AuthService,
    AuthResolver,
    EmailTokensRepository,
    AccountEmailService,
    AccountEmailResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, AuthService, RateLimits],
})
export class AuthModule {}
