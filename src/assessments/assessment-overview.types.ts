import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ExerciseType } from '../exercises/exercise.types.js';

@ObjectType('InvitationCounts', { description: "An assessment's invitations by where the candidates are." })
export class InvitationCountsView {
  @Field(() => Int, { description: 'Invitations sent (revoked ones included).' }) invited: number;
  @Field(() => Int, { description: 'Candidates who opened their link (which starts the clock).' }) started: number;
  @Field(() => Int, { description: 'Attempts whose deadline has passed.' }) finished: number;
  @Field(() => Int) revoked: number;
}

@ObjectType('BankExercise', { description: 'A published exercise a hiring manager can put into an assessment.' })
export class BankExerciseView {
  @Field() slug: string;
  @Field() title: string;
  @Field(() => ExerciseType) type: ExerciseType;
  @Field(() => Int, { description: '1 (easiest) to 5.' }) difficulty: number;
  @Field() trackSlug: string;
  @Field() trackTitle: string;
  @Field(() => Int, { description: 'The newest published version, the one a new assessment pins.' }) version: number;
  @Field(() => Int, { description: 'How many assessments have used this exercise so far.' })
  assessmentExposures: number;
  @Field({ description: 'Kept out of practice for assessments.' }) assessmentOnly: boolean;
}

@ObjectType('PracticeRefusal', {
  description: 'A practice submission or quiz answer refused during the attempt (ASSESSMENT_IN_PROGRESS).',
})
export class PracticeRefusalView {
  @Field() exerciseSlug: string;
  @Field() at: Date;
}
