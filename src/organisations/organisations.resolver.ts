import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles, type AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { UserEntity } from '../users/user.entity.js';
import { AddOrganisationMemberInput } from './dto/add-organisation-member.input.js';
import { CreateOrganisationInput } from './dto/create-organisation.input.js';
import { OrganisationView } from './dto/organisation.view.js';
import { OrganisationsService } from './organisations.service.js';

@Resolver(() => OrganisationView)
export class OrganisationsResolver {
  constructor(private readonly organisations: OrganisationsService) {}

  @Mutation(() => OrganisationView, { description: 'Admins only.' })
  @Roles(Role.ADMIN)
  createOrganisation(
    @CurrentUser() actor: AuthUser,
    @Args('input') input: CreateOrganisationInput,
  ): Promise<OrganisationView> {
    return this.organisations.create(actor, input.name);
  }

  @Mutation(() => UserEntity, {
    description: 'Admins only: makes an account a hiring manager of the organisation (audited).',
  })
  @Roles(Role.ADMIN)
  addOrganisationMember(
    @CurrentUser() actor: AuthUser,
    @Args('input') input: AddOrganisationMemberInput,
  ): Promise<UserEntity> {
    return this.organisations.addMember(actor, input.organisationId, input.email);
  }

  @Query(() => OrganisationView, { description: "The hiring manager's organisation." })
  @Roles(Role.HIRING_MANAGER)
  myOrganisation(@CurrentUser() user: AuthUser): Promise<OrganisationView> {
    return this.organisations.organisationOf(user);
  }
}
