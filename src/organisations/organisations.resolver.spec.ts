import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { UserEntity } from '../users/user.entity.js';
import type { OrganisationEntity } from './organisation.entity.js';
import { OrganisationsResolver } from './organisations.resolver.js';

const admin: AuthUser = { id: 'admin-1', role: Role.ADMIN, email: 'root@example.com' };
const acme = { id: 'o-1', name: 'Acme', createdAt: new Date(0) } as OrganisationEntity;

describe('OrganisationsResolver', () => {
  it('lets admins create organisations and add members, and managers read their own', () => {
    expect(whoMay(OrganisationsResolver, 'createOrganisation')).toEqual([Role.ADMIN]);
    expect(whoMay(OrganisationsResolver, 'addOrganisationMember')).toEqual([Role.ADMIN]);
    expect(whoMay(OrganisationsResolver, 'myOrganisation')).toEqual([Role.HIRING_MANAGER]);
  });

  it('passes each operation to the service with the acting account', async () => {
    const { sut, mocks } = newTestService(OrganisationsResolver);
    const [organisations] = mocks;
    const member = { id: 'u-1', role: Role.HIRING_MANAGER } as UserEntity;
    organisations.create.mockResolvedValue(acme);
    organisations.addMember.mockResolvedValue(member);
    organisations.organisationOf.mockResolvedValue(acme);
    await expect(sut.createOrganisation(admin, { name: 'Acme' })).resolves.toBe(acme);
    expect(organisations.create).toHaveBeenCalledWith(admin, 'Acme');
    await expect(sut.addOrganisationMember(admin, { organisationId: 'o-1', email: 'ada@example.com' })).resolves.toBe(
      member,
    );
    expect(organisations.addMember).toHaveBeenCalledWith(admin, 'o-1', 'ada@example.com');
    const caller: AuthUser = { id: 'u-1', role: Role.HIRING_MANAGER, email: 'ada@example.com' };
    await expect(sut.myOrganisation(caller)).resolves.toBe(acme);
    expect(organisations.organisationOf).toHaveBeenCalledWith(caller);
  });
});
