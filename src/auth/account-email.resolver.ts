import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated, Ctx, CurrentUser, type AuthUser, type RequestContext } from '../access/access.decorators.js';
import { UserEntity } from '../users/user.entity.js';
import { AccountEmailService } from './account-email.service.js';
import { ResetPasswordInput } from './dto/reset-password.input.js';

@Resolver()
export class AccountEmailResolver {
  constructor(private readonly service: AccountEmailService) {}

  @Mutation(() => Boolean, {
    description:
      'Sends a new verification link to your address (earlier links stop working); CONFLICT once verified. Counted in REGISTRATIONS_PER_IP_PER_HOUR.',
  })
  @Authenticated()
  requestEmailVerification(@CurrentUser() caller: AuthUser, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.service.requestVerification(caller, ctx);
  }

  @Mutation(() => UserEntity, {
    description: 'Verifies the address the link was sent to (single use, 48 hours); no session needed.',
  })
  verifyEmail(@Args('token') token: string): Promise<UserEntity> {
    return this.service.verify(token);
  }

  @Mutation(() => Boolean, {
    description:
      'Sends a password-reset link (one hour) when an account has this address; true either way. Counted in REGISTRATIONS_PER_IP_PER_HOUR.',
  })
  requestPasswordReset(@Args('email') email: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.service.requestReset(email, ctx);
  }

  @Mutation(() => Boolean, {
    description: 'Sets a new password from a reset link (single use); every session of the account ends.',
  })
  resetPassword(@Args('input') input: ResetPasswordInput): Promise<boolean> {
    return this.service.reset(input.token, input.newPassword);
  }
}
