import { Field, ObjectType } from '@nestjs/graphql';
import { UserEntity } from '../../users/user.entity.js';

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Send as "Authorization: Bearer <token>".' })
  token: string;

  @Field(() => UserEntity)
  user: UserEntity;
}
