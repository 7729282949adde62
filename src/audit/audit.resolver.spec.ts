import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import { Role } from '../access/role.enum.js';
import { AuditResolver } from './audit.resolver.js';

describe('AuditResolver', () => {
  it('shows the audit log to admins only', () => {
    expect(whoMay(AuditResolver, 'auditEvents')).toEqual([Role.ADMIN]);
  });

  it('treats empty filters as no filter and trims the actor search', async () => {
    const { sut, mocks } = newTestService(AuditResolver);
    const [audit] = mocks;
    audit.list.mockResolvedValue([]);
    await expect(sut.auditEvents(100, '', '   ', '')).resolves.toEqual([]);
    expect(audit.list).toHaveBeenLastCalledWith(100, undefined, { actor: undefined, subjectType: undefined });
    await sut.auditEvents(20, 'user.role_changed', '  root@ ', 'user');
    expect(audit.list).toHaveBeenLastCalledWith(20, 'user.role_changed', { actor: 'root@', subjectType: 'user' });
    await sut.auditEvents(20);
    expect(audit.list).toHaveBeenLastCalledWith(20, undefined, { actor: undefined, subjectType: undefined });
  });
});
