import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ExerciseType } from './exercise.types.js';

@ObjectType('ModelTask', { description: "What the candidate's build(tf, task) receives." })
export class ModelTaskView {
  @Field(() => [Int]) inputShape: number[];
  @Field(() => Int) numClasses: number;
  @Field(() => Int, { nullable: true }) vocabSize?: number;
  @Field(() => Int, { nullable: true }) seqLen?: number;
  @Field({ nullable: true, description: 'softmax or sigmoid output expected' }) output?: string;
}

@ObjectType('ModelBudget')
export class ModelBudgetView {
  @Field(() => Int) maxParams: number;
  @Field(() => Int) maxEpochs: number;
  @Field(() => Int) maxBatchSize: number;
  @Field(() => Int, { nullable: true }) minBatchSize?: number;
  @Field(() => Int) wallClockSeconds: number;
  @Field(() => Int, { nullable: true, description: 'Training uses a class-balanced subset of this size.' }) trainSubset?: number;
  @Field(() => Int, { nullable: true, description: 'Grading uses a class-balanced test subset of this size.' }) testSubset?: number;
}

@ObjectType('ExerciseTrack')
export class ExerciseTrackView {
  @Field() slug: string;
  @Field() title: string;
}

@ObjectType('Exercise')
export class ExerciseView {
  @Field(() => ID) id: string;
  @Field() slug: string;
  @Field() locale: string;
  @Field(() => Int, { description: 'The published version shown; submissions are pinned to it.' }) version: number;
  @Field(() => ExerciseType) type: ExerciseType;
  @Field() title: string;
  @Field() summary: string;
  @Field({ description: 'The task in Markdown.' }) statement: string;
  @Field(() => Int) difficulty: number;
  @Field(() => ExerciseTrackView) track: ExerciseTrackView;
  @Field(() => [String]) skills: string[];
  @Field({ nullable: true }) dataset?: string;
  @Field(() => ModelTaskView, { nullable: true }) task?: ModelTaskView;
  @Field(() => ModelBudgetView, { nullable: true }) budget?: ModelBudgetView;
  @Field() grader: string;
  @Field(() => Float, { nullable: true, description: 'Test accuracy needed to pass (0–1).' }) threshold?: number;
  @Field() starterCode: string;
}
