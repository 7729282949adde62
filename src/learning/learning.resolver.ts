import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentUser, type AuthUser } from '../access/access.decorators.js';
import { parseLocale } from '../common/locale.js';
import { ExerciseHelpView } from './exercise-help.view.js';
import { LearningService } from './learning.service.js';

@Resolver(() => ExerciseHelpView)
@Authenticated()
export class LearningResolver {
  constructor(private readonly learning: LearningService) {}

  @Query(() => ExerciseHelpView, {
    description:
      "The caller's hints and explanation for a practice exercise; FORBIDDEN for assessment-only exercises and during an assessment that contains it.",
  })
  exerciseHelp(
    @CurrentUser() user: AuthUser,
    @Args('slug') slug: string,
    @Args('locale', { nullable: true }) locale?: string,
  ): Promise<ExerciseHelpView> {
    return this.learning.help(user, slug, parseLocale(locale));
  }

  @Mutation(() => ExerciseHelpView, { description: 'Reveals the next hint of a practice exercise to the caller.' })
  revealHint(
    @CurrentUser() user: AuthUser,
    @Args('slug') slug: string,
    @Args('locale', { nullable: true }) locale?: string,
  ): Promise<ExerciseHelpView> {
    return this.learning.revealHint(user, slug, parseLocale(locale));
  }
}
