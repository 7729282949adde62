import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockDatabase, newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { AssessmentItemEntity, InvitationEntity } from './assessment.entity.js';
import { AssessmentAttempts, PRACTICE_REFUSED } from './assessment-attempts.js';

const me: AuthUser = { id: 'c-1', role: Role.CANDIDATE, email: 'c@x.test' };

function setup() {
  const { sut, mocks } = newTestService(AssessmentAttempts);
  const [db, audit, invitations] = mocks;
  const { repo } = mockDatabase(db);
  return { sut, repo, audit, invitations };
}

describe('AssessmentAttempts.attemptFor', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
    t.repo(InvitationEntity).findOneBy.mockResolvedValue({ id: 'inv-1', deadlineAt: new Date(Date.now() + 60_000) });
    t.repo(AssessmentItemEntity).findOneBy.mockResolvedValue({ exerciseVersionId: 'v-pinned' });
  });

  it("gives the caller's open attempt and the version the assessment pinned", async () => {
    await expect(t.sut.attemptFor(me, 'asm-1', 'ex-1')).resolves.toEqual({
      invitationId: 'inv-1',
      exerciseVersionId: 'v-pinned',
    });
    expect(t.repo(InvitationEntity).findOneBy).toHaveBeenCalledWith({ assessmentId: 'asm-1', candidateId: me.id });
  });

  it('refuses a caller who has not opened the invitation (FORBIDDEN on assessmentId)', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.attemptFor(me, 'asm-1', 'ex-1')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { field: 'assessmentId' },
    });
  });

  it('refuses after the deadline (EXERCISE_CLOSED)', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue({ id: 'inv-1', deadlineAt: new Date(Date.now() - 1) });
    await expect(t.sut.attemptFor(me, 'asm-1', 'ex-1')).rejects.toMatchObject({ code: 'EXERCISE_CLOSED' });
  });

  it('refuses an exercise outside the assessment (BAD_USER_INPUT on exerciseSlug)', async () => {
    t.repo(AssessmentItemEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.attemptFor(me, 'asm-1', 'ex-9')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'exerciseSlug' },
    });
  });
});

describe('AssessmentAttempts.refusePracticeDuringAttempt', () => {
  it('lets practice through when no attempt containing the exercise is open', async () => {
    const t = setup();
    t.invitations.openAttemptContaining.mockResolvedValue(undefined);
    await expect(t.sut.refusePracticeDuringAttempt(me, 'ex-1', 'softmax')).resolves.toBeUndefined();
    expect(t.audit.record).not.toHaveBeenCalled();
  });

  it('refuses practice during an open attempt (ASSESSMENT_IN_PROGRESS) and records it for the report', async () => {
    const t = setup();
    t.invitations.openAttemptContaining.mockResolvedValue({
      id: 'inv-1',
      assessmentId: 'asm-1',
      deadlineAt: new Date(60_000),
    });
    await expect(t.sut.refusePracticeDuringAttempt(me, 'ex-1', 'softmax')).rejects.toMatchObject({
      code: 'ASSESSMENT_IN_PROGRESS',
      details: { field: 'exerciseSlug' },
      message: expect.stringContaining('assessmentId asm-1'),
    });
    expect(t.invitations.openAttemptContaining).toHaveBeenCalledWith(me.id, 'ex-1');
    expect(t.audit.record).toHaveBeenCalledWith(me.id, PRACTICE_REFUSED, 'invitation', 'inv-1', {
      exerciseSlug: 'softmax',
      exerciseId: 'ex-1',
    });
  });
});
