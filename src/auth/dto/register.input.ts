import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

@InputType()
export class RegisterInput {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254, { message: 'must be at most $constraint1 characters' })
  email: string;

  @Field()
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: 'must be $constraint1 to $constraint2 characters long' })
  password: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 80, { message: 'must be $constraint1 to $constraint2 characters long' })
  displayName?: string;
}
