import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';
import { Trim } from '../../common/validation.js';

@InputType()
export class CreateOrganisationInput {
  @Field()
  @IsString()
  @Trim()
  @Length(2, 120, { message: 'must be $constraint1 to $constraint2 characters long, spaces around it not counted' })
  name: string;
}
