import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';
import { IsNewPassword } from '../../users/password-policy.js';

@InputType({ description: 'The token from the password-reset link, and the new password.' })
export class ResetPasswordInput {
  @Field()
  @IsString()
  @Length(20, 200, { message: 'must be the token from the link' })
  token: string;

  @Field({ description: '8 to 200 characters, not one of the most common passwords.' })
  @IsNewPassword()
  newPassword: string;
}
