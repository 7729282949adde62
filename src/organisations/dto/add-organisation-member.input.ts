import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsUUID } from 'class-validator';

@InputType()
export class AddOrganisationMemberInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an organisation id' })
  organisationId: string;

  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;
}
