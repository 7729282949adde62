import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '../access/role.enum.js';

@ObjectType('DirectoryUser', { description: 'An account as the admin pages list it.' })
export class DirectoryUserView {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => Role) role: Role;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: 'The organisation of a hiring manager.' })
  organisationName: string | null;
}

@ObjectType('UserPage')
export class UserPageView {
  @Field(() => [DirectoryUserView]) users: DirectoryUserView[];
  @Field(() => Int, { description: 'All accounts matching the search, for page numbers.' }) total: number;
}

@ObjectType('OrganisationWithMembers')
export class OrganisationWithMembersView {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() createdAt: Date;
  @Field(() => [DirectoryUserView]) members: DirectoryUserView[];
}
