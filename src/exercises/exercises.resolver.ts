import { Args, Query, Resolver } from '@nestjs/graphql';
import { parseLocale } from '../common/locale.js';
import { ExerciseView } from './exercise.view.js';
import { ExercisesService } from './exercises.service.js';

@Resolver(() => ExerciseView)
export class ExercisesResolver {
  constructor(private readonly exercises: ExercisesService) {}

  @Query(() => ExerciseView, { description: 'The newest published version of an exercise.' })
  exercise(@Args('slug') slug: string, @Args('locale', { nullable: true }) locale?: string): Promise<ExerciseView> {
    return this.exercises.view(slug, parseLocale(locale));
  }
}
