import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import { Role } from '../access/role.enum.js';
import { DirectoryResolver } from './directory.resolver.js';

function setup() {
  const { sut, mocks } = newTestService(DirectoryResolver);
  const [directory] = mocks;
  directory.users.mockResolvedValue({ users: [], total: 0 });
  directory.organisations.mockResolvedValue([]);
  return { sut, directory };
}

describe('DirectoryResolver', () => {
  it('lists accounts and organisations to admins only', () => {
    expect(whoMay(DirectoryResolver, 'users')).toEqual([Role.ADMIN]);
    expect(whoMay(DirectoryResolver, 'organisations')).toEqual([Role.ADMIN]);
  });

  it('refuses a page size outside 1..100 as BAD_USER_INPUT naming limit, reading nothing', () => {
    const { sut, directory } = setup();
    for (const limit of [0, 101])
      expect(() => sut.users(null, null, limit, 0)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'limit', limit: 100 } }),
      );
    expect(directory.users).not.toHaveBeenCalled();
  });

  it('refuses an offset outside 0..100000 and a search over 254 characters, naming the field', () => {
    const { sut } = setup();
    for (const offset of [-1, 100_001])
      expect(() => sut.users(null, null, 20, offset)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'offset', limit: 100_000 } }),
      );
    expect(() => sut.users('x'.repeat(255), null, 20, 0)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'search', limit: 254 } }),
    );
  });

  it('searches trimmed text, treats an empty or null search and role as none, and pages as asked', async () => {
    const { sut, directory } = setup();
    await sut.users('  ada ', Role.MENTOR, 100, 100_000);
    expect(directory.users).toHaveBeenLastCalledWith(
      { search: 'ada', role: Role.MENTOR },
      { limit: 100, offset: 100_000 },
    );
    await sut.users('   ', null, 1, 0);
    expect(directory.users).toHaveBeenLastCalledWith({ search: undefined, role: undefined }, { limit: 1, offset: 0 });
    await sut.users();
    expect(directory.users).toHaveBeenLastCalledWith({ search: undefined, role: undefined }, { limit: 20, offset: 0 });
    await sut.users('x'.repeat(254));
    expect(directory.users).toHaveBeenCalledTimes(4);
  });

  it('lists organisations with their members from the directory', async () => {
    const { sut, directory } = setup();
    const orgs = [{ id: 'o-1', name: 'Acme', createdAt: new Date(0), members: [] }];
    directory.organisations.mockResolvedValue(orgs);
    await expect(sut.organisations()).resolves.toBe(orgs);
  });
});
