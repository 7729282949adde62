import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsNewPassword } from '../../users/password-policy.js';

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200, { message: 'must be at most $constraint1 characters' })
  currentPassword: string;

  @Field({ description: '8 to 200 characters, not one of the most common passwords.' })
  @IsNewPassword()
  newPassword: string;
}
