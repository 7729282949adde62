import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { UserEntity } from '../users/user.entity.js';
import type { OrganisationEntity } from './organisation.entity.js';
import { OrganisationsService } from './organisations.service.js';

const admin: AuthUser = { id: 'admin-1', role: Role.ADMIN, email: 'root@example.com' };
const acme = { id: 'o-1', name: 'Acme', createdAt: new Date(0) } as OrganisationEntity;
const manager = (role: Role) => ({ id: 'u-1', email: 'ada@example.com', role }) as UserEntity;

function setup() {
  const { sut, mocks } = newTestService(OrganisationsService);
  const [organisations, audit] = mocks;
  return { sut, organisations, audit };
}

describe('OrganisationsService: creating', () => {
  it('creates an organisation under its trimmed name and audits who did', async () => {
    const { sut, organisations, audit } = setup();
    organisations.findByName.mockResolvedValue(null);
    organisations.create.mockResolvedValue(acme);
    await expect(sut.create(admin, '  Acme ')).resolves.toBe(acme);
    expect(organisations.findByName).toHaveBeenCalledWith('Acme');
    expect(organisations.create).toHaveBeenCalledWith('Acme');
    expect(audit.record).toHaveBeenCalledWith('admin-1', 'organisation.created', 'organisation', 'o-1', {
      name: 'Acme',
    });
  });

  it('refuses a name already taken with CONFLICT on name, creating nothing', async () => {
    const { sut, organisations, audit } = setup();
    organisations.findByName.mockResolvedValue(acme);
    await expect(sut.create(admin, 'Acme ')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'name: an organisation called "Acme" already exists',
      details: { field: 'name' },
    });
    expect(organisations.create).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });
});

describe('OrganisationsService: members', () => {
  it('promotes a candidate to hiring manager and audits both the role change and the membership', async () => {
    const { sut, organisations, audit } = setup();
    organisations.addManager.mockResolvedValue({
      outcome: 'added',
      user: manager(Role.HIRING_MANAGER),
      promotedFrom: Role.CANDIDATE,
    });
    await expect(sut.addMember(admin, 'o-1', ' ADA@example.com')).resolves.toMatchObject({ role: Role.HIRING_MANAGER });
    expect(organisations.addManager).toHaveBeenCalledWith('o-1', 'ada@example.com');
    expect(audit.record.mock.calls).toEqual([
      ['admin-1', 'user.role_changed', 'user', 'u-1', { from: Role.CANDIDATE, to: Role.HIRING_MANAGER }],
      ['admin-1', 'organisation.member_added', 'organisation', 'o-1', { userId: 'u-1', email: 'ada@example.com' }],
    ]);
  });

  it('adds an account that already has a staff role without a role change', async () => {
    const { sut, organisations, audit } = setup();
    organisations.addManager.mockResolvedValue({ outcome: 'added', user: manager(Role.MENTOR), promotedFrom: null });
    await expect(sut.addMember(admin, 'o-1', 'ada@example.com')).resolves.toMatchObject({ role: Role.MENTOR });
    expect(audit.record).toHaveBeenCalledTimes(1);
    expect(audit.record).toHaveBeenCalledWith('admin-1', 'organisation.member_added', 'organisation', 'o-1', {
      userId: 'u-1',
      email: 'ada@example.com',
    });
  });

  it('answers NOT_FOUND for an unknown organisation and for an address without account (on email)', async () => {
    const { sut, organisations, audit } = setup();
    organisations.addManager.mockResolvedValueOnce({ outcome: 'no organisation' });
    await expect(sut.addMember(admin, 'o-9', 'ada@example.com')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Organisation o-9 was not found',
    });
    organisations.addManager.mockResolvedValueOnce({ outcome: 'no account' });
    await expect(sut.addMember(admin, 'o-1', 'Nobody@Example.com')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'email: no account uses nobody@example.com; ask them to register first',
      details: { field: 'email' },
    });
    expect(audit.record).not.toHaveBeenCalled();
  });

  it("finds a manager's organisation, and refuses a manager in none with FORBIDDEN", async () => {
    const { sut, organisations } = setup();
    organisations.organisationOfMember.mockResolvedValue(acme);
    await expect(sut.organisationOf(manager(Role.HIRING_MANAGER))).resolves.toBe(acme);
    expect(organisations.organisationOfMember).toHaveBeenCalledWith('u-1');
    organisations.organisationOfMember.mockResolvedValue(null);
    await expect(sut.organisationOf(manager(Role.HIRING_MANAGER))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
