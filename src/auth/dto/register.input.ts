import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsNewPassword } from '../../users/password-policy.js';

@InputType()
export class RegisterInput {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254, { message: 'must be at most $constraint1 characters' })
  email: string;

  @Field({ description: '8 to 200 characters, not one of the most common passwords.' })
  @IsNewPassword()
  password: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 80, { message: 'must be $constraint1 to $constraint2 characters long' })
  displayName?: string;
}
