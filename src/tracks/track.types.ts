import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ExerciseType } from '../exercises/exercise.types.js';

@ObjectType('Skill')
export class SkillView {
  @Field() slug: string;
  @Field() title: string;
  @Field() description: string;
}

@ObjectType('TrackExercise', {
  description: "An entry of a track's exercise list; planned ones are not available yet.",
})
export class TrackExerciseView {
  @Field() slug: string;
  @Field() title: string;
  @Field({ nullable: true }) summary?: string;
  @Field({ description: 'False for a planned exercise that cannot be opened yet.' }) available: boolean;
  @Field(() => ExerciseType, { nullable: true }) type?: ExerciseType;
  @Field(() => Int, { nullable: true }) difficulty?: number;
}

@ObjectType('Track')
export class TrackView {
  @Field() slug: string;
  @Field() locale: string;
  @Field(() => Int) position: number;
  @Field() title: string;
  @Field() summary: string;
  @Field(() => [String], { description: 'Which career guide(s) the track draws on.' }) sources: string[];
  @Field(() => [SkillView]) skills: SkillView[];
  @Field(() => [TrackExerciseView]) exercises: TrackExerciseView[];
}
