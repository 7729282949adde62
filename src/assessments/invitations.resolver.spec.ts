import { describe, expect, it } from '@jest/globals';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { CandidateRowView } from './assessment.types.js';
import { InvitationsResolver } from './invitations.resolver.js';

const user: AuthUser = { id: 'u-1', role: Role.HIRING_MANAGER, email: 'm@acme.test' };

describe('InvitationsResolver', () => {
  it('revokes and extends for hiring managers only, through the service', async () => {
    expect(whoMay(InvitationsResolver, 'revokeInvitation')).toEqual([Role.HIRING_MANAGER]);
    expect(whoMay(InvitationsResolver, 'extendInvitation')).toEqual([Role.HIRING_MANAGER]);
    const { sut, mocks } = newTestService(InvitationsResolver);
    const [service] = mocks;
    const answer = partial<CandidateRowView>({ invitationId: 'i-1' });
    service.revoke.mockResolvedValue(answer);
    service.extend.mockResolvedValue(answer);
    await expect(sut.revokeInvitation(user, 'i-1')).resolves.toBe(answer);
    expect(service.revoke).toHaveBeenCalledWith(user, 'i-1');
    await expect(sut.extendInvitation(user, { invitationId: 'i-1', minutes: 10 })).resolves.toBe(answer);
    expect(service.extend).toHaveBeenCalledWith(user, { invitationId: 'i-1', minutes: 10 });
  });
});
