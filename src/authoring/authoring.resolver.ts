import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArg } from '../common/validation.js';
import { badInput } from '../common/domain-error.js';
import { CurrentUser, Roles, type AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { AuthoringOptionsView, DraftView, ExerciseVersionView, ValidationView } from './authoring.types.js';
import { GRADER_EXERCISE_TYPES } from '../graders/index.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import { DATASET_TASKS } from './task-fit.js';
import { AuthoringService } from './authoring.service.js';
import { ExerciseDraftInput } from './dto/exercise-draft.input.js';
import { ExerciseDraftPatchInput } from './dto/exercise-draft-patch.input.js';

@Resolver()
@Roles(Role.MENTOR)
export class AuthoringResolver {
  constructor(private readonly authoring: AuthoringService) {}

  @Mutation(() => DraftView, { description: 'Mentors: a new MODEL exercise as draft version 1.' })
  createExercise(@CurrentUser() user: AuthUser, @Args('input') input: ExerciseDraftInput): Promise<DraftView> {
    return this.authoring.create(user, input);
  }

  @Mutation(() => DraftView, {
    description:
      'Changes only the fields given (the rest keep their values) in the draft; editing a published exercise starts its next version.',
  })
  updateExercise(
    @CurrentUser() user: AuthUser,
    @Args('slug') slug: string,
    @Args('input') input: ExerciseDraftPatchInput,
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

  @Query(() => DraftView, {
    description: 'Status of an exercise; `content` (the whole draft) for its author and admins.',
  })
  exerciseDraft(@CurrentUser() user: AuthUser, @Args('slug') slug: string): Promise<DraftView> {
    return this.authoring.draftView(slug, user);
  }

  @Query(() => [DraftView], { description: 'Your exercises, drafts and published, newest first.' })
  myExercises(@CurrentUser() user: AuthUser): Promise<DraftView[]> {
    return this.authoring.mine(user);
  }

  @Mutation(() => Boolean, {
    description: 'Deletes the draft version (the exercise too when never published); published versions stay.',
  })
  deleteExerciseDraft(@CurrentUser() user: AuthUser, @Args('slug') slug: string): Promise<boolean> {
    return this.authoring.deleteDraft(user, slug);
  }

  @Mutation(() => DraftView, {
    description:
      "A draft of your own with the content of an exercise's newest published version (how to change one from the repository).",
  })
  duplicateExerciseAsDraft(
    @CurrentUser() user: AuthUser,
    @Args('slug') slug: string,
    @Args('newSlug') newSlug: string,
  ): Promise<DraftView> {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(newSlug) || newSlug.length > 64)
      throw badInput('newSlug', 'newSlug: must be kebab-case (a-z, 0-9, -), at most 64 characters', 64);
    return this.authoring.duplicate(user, slug, newSlug);
  }

  @Mutation(() => DraftView, {
    description:
      "CODING drafts: runs the reference on every test's input in the sandbox and stores what it returns as the expected values (tests expecting a throw keep it).",
  })
  fillExpectedValues(@CurrentUser() user: AuthUser, @Args('slug') slug: string): Promise<DraftView> {
    return this.authoring.fillExpectedValues(user, slug);
  }

  @Mutation(() => DraftView, {
    description:
      'Retires a published exercise (or, with false, brings it back): hidden from practice, tracks and new assessments; kept for history and the assessments that pinned it (audited).',
  })
  retireExercise(
    @CurrentUser() user: AuthUser,
    @Args('slug') slug: string,
    @Args('retired', { defaultValue: true }) retired: boolean,
  ): Promise<DraftView> {
    return this.authoring.setRetired(user, slug, retired);
  }

  @Query(() => [ExerciseVersionView], {
    description: 'Every version of an exercise, oldest first; `content` (for a diff) for its author and admins.',
  })
  exerciseVersions(@CurrentUser() user: AuthUser, @Args('slug') slug: string): Promise<ExerciseVersionView[]> {
    return this.authoring.versions(slug, user);
  }

  @Query(() => AuthoringOptionsView, { description: 'The graders and data sets a draft may name.' })
  authoringOptions(): AuthoringOptionsView {
    return {
      graders: Object.entries(GRADER_EXERCISE_TYPES).map(([name, type]) => ({ name, type: ExerciseType[type] })),
      datasets: DATASET_TASKS,
    };
  }

  @Query(() => ValidationView)
  exerciseValidation(@IdArg('id') id: string): Promise<ValidationView> {
    return this.authoring.validation(id);
  }
}
