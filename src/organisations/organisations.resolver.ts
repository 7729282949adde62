import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsEmail, IsString, IsUUID, Length } from 'class-validator';
import { CurrentUser, Roles, type AuthUser } from '../access/access.decorators.js';
import { Trim } from '../common/validation.js';
import { Role } from '../access/role.enum.js';
import { UserEntity } from '../users/user.entity.js';
import { OrganisationsService } from './organisations.service.js';

@ObjectType('Organisation')
export class OrganisationView {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@InputType()
export class CreateOrganisationInput {
  @Field()
  @IsString()
  @Trim()
  @Length(2, 120, { message: 'must be $constraint1 to $constraint2 characters long, spaces around it not counted' })
  name: string;
}

@InputType()
export class AddOrganisationMemberInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an organisation id' })
  organisationId: string;

  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;
}

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
