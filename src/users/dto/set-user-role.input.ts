import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum } from 'class-validator';
import { Role } from '../../access/role.enum.js';

@InputType()
export class SetUserRoleInput {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;
}
