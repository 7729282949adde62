import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { badInput } from '../common/domain-error.js';
import { DirectoryRepository } from './directory.repository.js';
import { OrganisationWithMembersView, UserPageView } from './directory.types.js';

/** The admin pages' lists: accounts (searched, paginated) and organisations with their members. */
@Resolver()
@Roles(Role.ADMIN)
export class DirectoryResolver {
  constructor(private readonly directory: DirectoryRepository) {}

  @Query(() => UserPageView, {
    description: 'Admins only: accounts, newest first, whose e-mail or name contains `search`, optionally of one role.',
  })
  users(
    @Args('search', { type: () => String, nullable: true }) search?: string | null,
    @Args('role', { type: () => Role, nullable: true }) role?: Role | null,
    @Args('limit', { type: () => Int, defaultValue: 20 }) limit = 20,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset = 0,
  ): Promise<UserPageView> {
    if (limit < 1 || limit > 100) throw badInput('limit', 'limit: must be from 1 to 100', 100);
    if (offset < 0 || offset > 100_000) throw badInput('offset', 'offset: must be from 0 to 100000', 100_000);
    // An explicit null is "no search", as an absent one.
    if (search && search.length > 254) throw badInput('search', 'search: at most 254 characters', 254);
    return this.directory.users({ search: search?.trim() || undefined, role: role ?? undefined }, { limit, offset });
  }

  @Query(() => [OrganisationWithMembersView], { description: 'Admins only: every organisation with its members.' })
  organisations(): Promise<OrganisationWithMembersView[]> {
    return this.directory.organisations();
  }
}
