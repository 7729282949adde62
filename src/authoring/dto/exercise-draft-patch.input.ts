import { InputType, PartialType } from '@nestjs/graphql';
import { ExerciseDraftInput } from './exercise-draft.input.js';

/**
 * updateExercise's input: any of createExercise's fields, each checked as there; the ones left
 * out (or null) keep the newest version's value. `slug` and `type`, when given, must be the
 * exercise's own (they never change). Nested objects (title, task, budget…) are replaced whole;
 * without testsYaml the stored tests stay (with any expected values filled in).
 */
@InputType('ExerciseDraftPatch')
export class ExerciseDraftPatchInput extends PartialType(ExerciseDraftInput, {
  decorator: InputType,
  omitDefaultValues: true,
}) {}
