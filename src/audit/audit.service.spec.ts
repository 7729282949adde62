import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuditEventEntity } from './audit-event.entity.js';
import type { AuditEventRecord } from './audit.repository.js';
import { AuditService } from './audit.service.js';

const record = (details: AuditEventRecord['details']): AuditEventRecord => ({
  id: 'e-1',
  actorId: 'a-1',
  actorEmail: 'root@example.com',
  action: 'user.role_changed',
  subjectType: 'user',
  subjectId: 'u-1',
  details,
  createdAt: new Date('2026-12-01T10:00:00Z'),
});

describe('AuditService', () => {
  it('appends one event with its actor, action, subject and details', async () => {
    const { sut, mocks } = newTestService(AuditService);
    const [events] = mocks;
    await sut.record('a-1', 'user.role_changed', 'user', 'u-1', { from: 'CANDIDATE', to: 'MENTOR' });
    expect(events.insert).toHaveBeenCalledWith({
      actorId: 'a-1',
      action: 'user.role_changed',
      subjectType: 'user',
      subjectId: 'u-1',
      details: { from: 'CANDIDATE', to: 'MENTOR' },
    });
  });

  it('records an event without an actor (the system or an operator) and with empty details', async () => {
    const { sut, mocks } = newTestService(AuditService);
    await sut.record(null, 'user.password_reset', 'user', 'u-1');
    expect(mocks[0].insert).toHaveBeenCalledWith(expect.objectContaining({ actorId: null, details: {} }));
  });

  it('lists newest events with the limit clamped to 1..1000 and details as JSON text', async () => {
    const { sut, mocks } = newTestService(AuditService);
    const [events] = mocks;
    events.newest.mockResolvedValue([record({ from: 'CANDIDATE', to: 'MENTOR' })]);
    const [view] = await sut.list(5000, 'user.role_changed', { actor: 'root' });
    expect(events.newest).toHaveBeenLastCalledWith(1000, 'user.role_changed', { actor: 'root' });
    expect(view).toEqual({ ...record({}), details: '{"from":"CANDIDATE","to":"MENTOR"}' });
    await sut.list(0);
    expect(events.newest).toHaveBeenLastCalledWith(1, null, {});
    await sut.list(-7, undefined, { subjectType: 'user' });
    expect(events.newest).toHaveBeenLastCalledWith(1, null, { subjectType: 'user' });
  });

  it('finds the events about given subjects, and asks nothing for none', async () => {
    const { sut, mocks } = newTestService(AuditService);
    const [events] = mocks;
    await expect(sut.about('invitation.extended', [])).resolves.toEqual([]);
    expect(events.about).not.toHaveBeenCalled();
    const found = [{ id: 'e-1' } as AuditEventEntity];
    events.about.mockResolvedValue(found);
    await expect(sut.about('invitation.extended', ['i-1'])).resolves.toBe(found);
    expect(events.about).toHaveBeenCalledWith('invitation.extended', ['i-1']);
  });
});
