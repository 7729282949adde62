import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated, Ctx, CurrentUser, type AuthUser, type RequestContext } from '../access/access.decorators.js';
import { AccountEmailService } from './account-email.service.js';
import { AuthService } from './auth.service.js';
import { AuthPayload } from './dto/auth-payload.type.js';
import { ChangePasswordInput } from './dto/change-password.input.js';
import { LoginInput } from './dto/login.input.js';
import { RegisterInput } from './dto/register.input.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accountEmail: AccountEmailService,
  ) {}

  @Mutation(() => AuthPayload, {
    description:
      'Creates a CANDIDATE account and signs it in (also sets the httpOnly session cookie for browsers); a link to verify the address is sent.',
  })
  async register(@Args('input') input: RegisterInput, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    const payload = await this.auth.register(input, ctx);
    await this.accountEmail.sendVerificationQuietly(payload.user);
    return payload;
  }

  @Mutation(() => AuthPayload, {
    description: 'Signs in (also sets the httpOnly session cookie). Repeated failures make further attempts wait.',
  })
  login(@Args('input') input: LoginInput, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return this.auth.login(input, ctx);
  }

  @Mutation(() => Boolean, {
    description:
      "Ends every session of the caller's account (every earlier token stops working) and clears the cookie.",
  })
  @Authenticated()
  signOut(@CurrentUser() caller: AuthUser, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.auth.signOut(caller, ctx);
  }

  @Mutation(() => AuthPayload, {
    description: 'Sets a new password; every earlier token stops working and the one returned replaces them.',
  })
  @Authenticated()
  changePassword(
    @CurrentUser() caller: AuthUser,
    @Args('input') input: ChangePasswordInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    return this.auth.changePassword(caller, input, ctx);
  }
}
