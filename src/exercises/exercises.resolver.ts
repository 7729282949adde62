import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { parseLocale } from '../common/locale.js';
import { ExerciseLanguageView, ExerciseView } from './exercise.view.js';
import { ExercisesService } from './exercises.service.js';

@Resolver(() => ExerciseView)
export class ExercisesResolver {
  constructor(private readonly exercises: ExercisesService) {}

  @Query(() => ExerciseView, { description: 'The newest published version of an exercise.' })
  exercise(@Args('slug') slug: string, @Args('locale', { nullable: true }) locale?: string): Promise<ExerciseView> {
    return this.exercises.view(slug, parseLocale(locale));
  }

  @ResolveField(() => [ExerciseLanguageView], {
    description:
      'The languages a submission may use: MODEL TYPESCRIPT, JAVASCRIPT, KERAS_JSON; CODING TYPESCRIPT, JAVASCRIPT and PYTHON when the exercise offers it; none for a QUIZ.',
  })
  languages(@Parent() exercise: ExerciseView): Promise<ExerciseLanguageView[]> {
    return this.exercises.languages(exercise.type, exercise.pythonEntry ?? null);
  }
}
