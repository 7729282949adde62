import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockDatabase, newTestService, partial } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { DomainError } from '../common/domain-error.js';
import { InvitationEntity } from './assessment.entity.js';
import { InvitationsService } from './invitations.service.js';

const manager: AuthUser = { id: 'm-1', role: Role.HIRING_MANAGER, email: 'm@acme.test' };
const invitation = (over: Partial<InvitationEntity> = {}): InvitationEntity => ({
  id: 'inv-1',
  assessmentId: 'asm-1',
  email: 'ada@example.test',
  tokenHash: 'h',
  invitedBy: manager.id,
  candidateId: null,
  createdAt: new Date(0),
  startedAt: null,
  deadlineAt: null,
  revokedAt: null,
  ...over,
});

function setup(row: InvitationEntity | null) {
  const { sut, mocks } = newTestService(InvitationsService);
  const [db, assessments, audit] = mocks;
  const { repo } = mockDatabase(db);
  repo(InvitationEntity).findOneBy.mockResolvedValue(row);
  repo(InvitationEntity).findOneByOrFail.mockResolvedValue(row);
  assessments.ownAssessment.mockResolvedValue(partial({ id: 'asm-1' }));
  assessments.viewOf.mockResolvedValue(partial({ id: 'asm-1' }));
  assessments.rowOf.mockResolvedValue(partial({ invitationId: 'inv-1' }));
  return { sut, invitations: repo(InvitationEntity), assessments, audit };
}

describe('InvitationsService.revoke', () => {
  it('says NOT_FOUND for an unknown invitation', async () => {
    const t = setup(null);
    await expect(t.sut.revoke(manager, 'ghost')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("refuses an invitation of another organisation's assessment (the ownership check's error) and writes nothing", async () => {
    const t = setup(invitation());
    t.assessments.ownAssessment.mockRejectedValue(new DomainError('FORBIDDEN', 'another organisation'));
    await expect(t.sut.revoke(manager, 'inv-1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(t.invitations.update).not.toHaveBeenCalled();
  });

  it('refuses to revoke twice (CONFLICT on invitationId)', async () => {
    const t = setup(invitation({ revokedAt: new Date() }));
    await expect(t.sut.revoke(manager, 'inv-1')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'invitationId' },
    });
  });

  it('ends an attempt under way now, audits it, and returns the refreshed row', async () => {
    const t = setup(invitation({ startedAt: new Date(), deadlineAt: new Date(Date.now() + 3600_000) }));
    const before = Date.now();
    await expect(t.sut.revoke(manager, 'inv-1')).resolves.toEqual({ invitationId: 'inv-1' });
    const [, values] = t.invitations.update.mock.calls[0]! as [unknown, { revokedAt: Date; deadlineAt: Date }];
    expect(values.deadlineAt).toBe(values.revokedAt);
    expect(values.revokedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(t.audit.record).toHaveBeenCalledWith(manager.id, 'assessment.invitation_revoked', 'invitation', 'inv-1', {
      email: 'ada@example.test',
      started: true,
    });
  });

  it('keeps a deadline that already passed, and leaves an unopened one without a deadline', async () => {
    const past = new Date(Date.now() - 1000);
    const t = setup(invitation({ startedAt: new Date(0), deadlineAt: past }));
    await t.sut.revoke(manager, 'inv-1');
    expect(t.invitations.update).toHaveBeenCalledWith(
      { id: 'inv-1' },
      { revokedAt: expect.any(Date), deadlineAt: past },
    );
    const u = setup(invitation());
    await u.sut.revoke(manager, 'inv-1');
    expect(u.invitations.update).toHaveBeenCalledWith(
      { id: 'inv-1' },
      { revokedAt: expect.any(Date), deadlineAt: null },
    );
  });
});

describe('InvitationsService.extend', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup(invitation());
  });

  it('refuses a revoked invitation and one not started yet (CONFLICT)', async () => {
    t = setup(invitation({ revokedAt: new Date(), deadlineAt: new Date() }));
    await expect(t.sut.extend(manager, { invitationId: 'inv-1', minutes: 10 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    t = setup(invitation());
    await expect(t.sut.extend(manager, { invitationId: 'inv-1', minutes: 10 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('has not started yet'),
    });
    expect(t.invitations.update).not.toHaveBeenCalled();
  });

  it('moves a running deadline later by the minutes given and audits old and new', async () => {
    const deadlineAt = new Date(Date.now() + 600_000);
    t = setup(invitation({ startedAt: new Date(), deadlineAt }));
    await t.sut.extend(manager, { invitationId: 'inv-1', minutes: 15 });
    const later = new Date(deadlineAt.getTime() + 15 * 60_000);
    expect(t.invitations.update).toHaveBeenCalledWith({ id: 'inv-1' }, { deadlineAt: later });
    expect(t.audit.record).toHaveBeenCalledWith(manager.id, 'assessment.time_extended', 'invitation', 'inv-1', {
      email: 'ada@example.test',
      minutes: 15,
      previousDeadline: deadlineAt.toISOString(),
      deadline: later.toISOString(),
    });
  });

  it('counts from now when the deadline has passed', async () => {
    t = setup(invitation({ startedAt: new Date(0), deadlineAt: new Date(1000) }));
    const before = Date.now();
    await t.sut.extend(manager, { invitationId: 'inv-1', minutes: 5 });
    const [, { deadlineAt }] = t.invitations.update.mock.calls[0]! as [unknown, { deadlineAt: Date }];
    expect(deadlineAt.getTime()).toBeGreaterThanOrEqual(before + 5 * 60_000);
  });
});
