import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArg } from '../common/validation.js';
import { CurrentUser, Roles, type AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { DraftView, ValidationView } from './authoring.types.js';
import { AuthoringService } from './authoring.service.js';
import { ExerciseDraftInput } from './dto/exercise-draft.input.js';

@Resolver()
@Roles(Role.MENTOR)
export class AuthoringResolver {
  constructor(private readonly authoring: AuthoringService) {}

  @Mutation(() => DraftView, { description: 'Mentors: a new MODEL exercise as draft version 1.' })
  createExercise(@CurrentUser() user: AuthUser, @Args('input') input: ExerciseDraftInput): Promise<DraftView> {
    return this.authoring.create(user, input);
  }

  @Mutation(() => DraftView, { description: 'Edits the draft; editing a published exercise starts its next version.' })
  updateExercise(
    @CurrentUser() user: AuthUser,
    @Args('slug') slug: string,
    @Args('input') input: ExerciseDraftInput,
  ): Promise<DraftView> {
    return this.authoring.update(user, slug, input);
  }

  @Mutation(() => ValidationView, {
    description: 'Queues a validation run: the reference must pass and the baseline must fail.',
  })
  validateExercise(@CurrentUser() user: AuthUser, @Args('slug') slug: string): Promise<ValidationView> {
    return this.authoring.requestValidation(user, slug);
  }

  @Mutation(() => DraftView, { description: 'Publishes the draft once its validation run passed (audited).' })
  publishExercise(@CurrentUser() user: AuthUser, @Args('slug') slug: string): Promise<DraftView> {
    return this.authoring.publish(user, slug);
  }

  @Mutation(() => DraftView, {
    description: 'Marks an exercise assessment-only (kept out of practice) or back (audited).',
  })
  setExerciseAssessmentOnly(
    @CurrentUser() user: AuthUser,
    @Args('slug') slug: string,
    @Args('assessmentOnly') assessmentOnly: boolean,
  ): Promise<DraftView> {
    return this.authoring.setAssessmentOnly(user, slug, assessmentOnly);
  }

  @Query(() => DraftView)
  exerciseDraft(@Args('slug') slug: string): Promise<DraftView> {
    return this.authoring.draftView(slug);
  }

  @Query(() => ValidationView)
  exerciseValidation(@IdArg('id') id: string): Promise<ValidationView> {
    return this.authoring.validation(id);
  }
}
