import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentUser, type AuthUser } from '../access/access.decorators.js';
import { PracticeCodeInput } from './dto/practice-code.input.js';
import { ModelCheckView, VisibleTestRunView } from './practice-checks.types.js';
import { PracticeChecksService } from './practice-checks.service.js';

@Resolver()
@Authenticated()
export class PracticeChecksResolver {
  constructor(private readonly checks: PracticeChecksService) {}

  @Mutation(() => ModelCheckView, {
    description:
      "MODEL exercises: builds the model in the sandbox and validates it against the exercise's budget — no training, not an attempt, nothing stored. CHECKS_PER_MINUTE per account.",
  })
  checkModel(@CurrentUser() user: AuthUser, @Args('input') input: PracticeCodeInput): Promise<ModelCheckView> {
    return this.checks.checkModel(user, input);
  }

  @Mutation(() => VisibleTestRunView, {
    description:
      'CODING exercises: runs the visible tests only — not an attempt, nothing stored. CHECKS_PER_MINUTE per account (shared with checkModel).',
  })
  runVisibleTests(@CurrentUser() user: AuthUser, @Args('input') input: PracticeCodeInput): Promise<VisibleTestRunView> {
    return this.checks.runVisibleTests(user, input);
  }
}
