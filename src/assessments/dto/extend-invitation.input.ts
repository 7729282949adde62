import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

@InputType({ description: "More time for one candidate's attempt." })
export class ExtendInvitationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an invitation id' })
  invitationId: string;

  @Field(() => Int, {
    description: 'Minutes added to the deadline (to now when it has passed), 1–1440.',
  })
  @IsInt()
  @Min(1, { message: 'must be at least $constraint1 minute' })
  @Max(1440, { message: 'must be at most $constraint1 minutes (24 hours)' })
  minutes: number;
}
