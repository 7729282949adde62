import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { VersionStatus } from '../exercises/exercise.types.js';

@ObjectType('SolutionCheck')
export class SolutionCheckView {
  @Field() solution: string;
  @Field({ description: 'True for solutions that must pass (reference), false for ones that must fail (baseline).' })
  mustPass: boolean;
  @Field() passed: boolean;
  @Field({ description: 'Whether the solution did what it must.' }) ok: boolean;
  @Field(() => Float, { nullable: true }) accuracy?: number;
  @Field() summary: string;
}

@ObjectType('ExerciseValidation')
export class ValidationView {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ description: 'QUEUED, RUNNING, PASSED, FAILED or ERROR' }) status: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field({ description: 'False once the draft was edited after this run.' }) current: boolean;
  @Field(() => [SolutionCheckView]) results: SolutionCheckView[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('ExerciseDraft')
export class DraftView {
  @Field(() => ID) exerciseId: string;
  @Field() slug: string;
  @Field(() => Int) version: number;
  @Field(() => VersionStatus) status: VersionStatus;
  @Field({ description: 'Only reachable through assessments, never in practice.' }) assessmentOnly: boolean;
  @Field(() => Int, { description: 'How many assessments have included it.' }) assessmentExposures: number;
  @Field(() => ValidationView, { nullable: true }) lastValidation: ValidationView | null;
}
