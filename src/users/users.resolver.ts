import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentUser, Roles, type AuthUser } from '../access/access.decorators.js';
import { notFound } from '../common/domain-error.js';
import { SetUserRoleInput } from './dto/set-user-role.input.js';
import { Role } from '../access/role.enum.js';
import { UserEntity } from './user.entity.js';
import { UsersService } from './users.service.js';

@Resolver(() => UserEntity)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Query(() => UserEntity, { description: 'The signed-in user.' })
  @Authenticated()
  async me(@CurrentUser() caller: AuthUser): Promise<UserEntity> {
    const user = await this.users.findById(caller.id);
    if (!user) throw notFound('Your account');
    return user;
  }

  @Mutation(() => UserEntity, { description: 'Admins only: gives an account another role (audited).' })
  @Roles(Role.ADMIN)
  setUserRole(@CurrentUser() caller: AuthUser, @Args('input') input: SetUserRoleInput): Promise<UserEntity> {
    return this.users.setRole(caller, input.email, input.role);
  }
}
