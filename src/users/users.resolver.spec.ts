import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { UserEntity } from './user.entity.js';
import { UsersResolver } from './users.resolver.js';

const caller: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'ada@example.com' };
const account = { id: 'u-1', email: 'ada@example.com', role: Role.CANDIDATE } as UserEntity;

describe('UsersResolver', () => {
  it('shows any signed-in caller their own account, and only an admin changes roles', () => {
    expect(whoMay(UsersResolver, 'me')).toBe('signed in');
    expect(whoMay(UsersResolver, 'setUserRole')).toEqual([Role.ADMIN]);
  });

  it('reads `me` by the caller id from the session, never from an argument', async () => {
    const { sut, mocks } = newTestService(UsersResolver);
    const [users] = mocks;
    users.findById.mockResolvedValue(account);
    await expect(sut.me(caller)).resolves.toBe(account);
    expect(users.findById).toHaveBeenCalledWith('u-1');
  });

  it('answers NOT_FOUND for the session of an account deleted since', async () => {
    const { sut, mocks } = newTestService(UsersResolver);
    mocks[0].findById.mockResolvedValue(null);
    await expect(sut.me(caller)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Your account was not found' });
  });

  it('passes a role change with the acting admin to the service', async () => {
    const { sut, mocks } = newTestService(UsersResolver);
    const [users] = mocks;
    const admin: AuthUser = { id: 'a-1', role: Role.ADMIN, email: 'root@example.com' };
    users.setRole.mockResolvedValue({ ...account, role: Role.MENTOR } as UserEntity);
    await expect(sut.setUserRole(admin, { email: 'ada@example.com', role: Role.MENTOR })).resolves.toMatchObject({
      role: Role.MENTOR,
    });
    expect(users.setRole).toHaveBeenCalledWith(admin, 'ada@example.com', Role.MENTOR);
  });
});
