import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { SubmissionStage, SubmissionStatus } from './submission.types.js';

@ObjectType('EpochMetric', { description: 'Training figures after one epoch (1-based); ready for a chart.' })
export class EpochMetricView {
  @Field(() => Int) epoch: number;
  @Field(() => Float, { nullable: true }) loss: number | null;
  @Field(() => Float, { nullable: true }) accuracy: number | null;
  @Field(() => Float, { nullable: true }) valLoss: number | null;
  @Field(() => Float, { nullable: true }) valAccuracy: number | null;
  @Field(() => Float) seconds: number;
  @Field(() => Float, { nullable: true }) examplesPerSecond: number | null;
  @Field({ description: 'The epoch was cut short by the time budget or a cancel.' }) partial: boolean;
}

@ObjectType('SubmissionUpdate', {
  description: 'A live event: a status or stage change, an epoch finished, or progress within a stage.',
})
export class SubmissionUpdate {
  @Field(() => ID) submissionId: string;
  @Field(() => String, {
    description:
      'STATUS, EPOCH or PROGRESS; SNAPSHOT is the first message of every subscription: the state when it opened, with every epoch so far (the stream ends after it if the submission had already finished).',
  })
  kind: 'STATUS' | 'EPOCH' | 'PROGRESS' | 'SNAPSHOT';
  @Field(() => SubmissionStatus) status: SubmissionStatus;
  @Field(() => SubmissionStage, { nullable: true }) stage?: SubmissionStage | null;
  @Field(() => String, { nullable: true }) message?: string | null;
  @Field(() => EpochMetricView, { nullable: true }) epoch?: EpochMetricView | null;
  @Field(() => Float, { nullable: true, description: 'Fraction of the current stage done, 0–1.' }) progress?:
    number | null;
  @Field(() => Boolean, { nullable: true }) passed?: boolean | null;
  @Field(() => Float, { nullable: true }) accuracy?: number | null;
  @Field(() => [EpochMetricView], { nullable: true, description: 'SNAPSHOT only: every epoch recorded so far.' })
  epochs?: EpochMetricView[] | null;
  @Field(() => Int, { nullable: true, description: 'SNAPSHOT only: see Submission.queuePosition.' })
  queuePosition?: number | null;
  @Field(() => Int, { nullable: true, description: 'SNAPSHOT only: see Submission.estimatedWaitSeconds.' })
  estimatedWaitSeconds?: number | null;
  @Field({ description: 'ISO time of the event.' }) at: string;
}
