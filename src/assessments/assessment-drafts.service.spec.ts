import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockDatabase, newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { SubmissionLanguage } from '../submissions/submission.types.js';
import {
  AssessmentDraftEntity,
  AssessmentEntity,
  AssessmentItemEntity,
  InvitationEntity,
} from './assessment.entity.js';
import { AssessmentDraftsService } from './assessment-drafts.service.js';

const candidate: AuthUser = { id: 'c-1', role: Role.CANDIDATE, email: 'c@x.test' };
const opensAt = new Date('2030-01-01');
const closesAt = new Date('2030-01-15');

function setup() {
  const { sut, mocks } = newTestService(AssessmentDraftsService);
  const { repo } = mockDatabase(mocks[0]);
  return { sut, repo, exercises: mocks[1] };
}

describe('AssessmentDraftsService.preview', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
    t.repo(AssessmentEntity).findOneByOrFail.mockResolvedValue({
      id: 'asm-1',
      title: 'Hire',
      timeLimitMinutes: 45,
      opensAt,
      closesAt,
    });
    t.repo(AssessmentItemEntity).countBy.mockResolvedValue(3);
  });

  it('finds the invitation by the hash of the token and shows the assessment before it is opened', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue({ assessmentId: 'asm-1', revokedAt: null, startedAt: null });
    await expect(t.sut.preview('secret')).resolves.toEqual({
      title: 'Hire',
      timeLimitMinutes: 45,
      exerciseCount: 3,
      opensAt,
      closesAt,
      started: false,
    });
    expect(t.repo(InvitationEntity).findOneBy).toHaveBeenCalledWith({
      tokenHash: createHash('sha256').update('secret').digest('hex'),
    });
  });

  it('refuses an unknown link (NOT_FOUND) and a revoked one (FORBIDDEN), both on token', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValueOnce(null);
    await expect(t.sut.preview('x')).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'token' } });
    t.repo(InvitationEntity).findOneBy.mockResolvedValueOnce({ revokedAt: new Date() });
    await expect(t.sut.preview('x')).rejects.toMatchObject({ code: 'FORBIDDEN', details: { field: 'token' } });
  });
});

describe('AssessmentDraftsService.save and read', () => {
  let t: ReturnType<typeof setup>;
  const open = { id: 'inv-1', startedAt: new Date(), deadlineAt: new Date(Date.now() + 600_000) };
  const input = {
    assessmentId: 'asm-1',
    exerciseSlug: 'softmax',
    language: SubmissionLanguage.TYPESCRIPT,
    code: 'export default 1;',
  };
  beforeEach(() => {
    t = setup();
    t.repo(InvitationEntity).findOneBy.mockResolvedValue(open);
    t.exercises.idOf.mockResolvedValue('ex-1');
    t.repo(AssessmentItemEntity).findOneBy.mockResolvedValue({ exerciseVersionId: 'v-1' });
  });

  it('refuses a caller who has not opened the invitation (FORBIDDEN on assessmentId)', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue({ id: 'inv-1', startedAt: null, deadlineAt: null });
    await expect(t.sut.save(candidate, input)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { field: 'assessmentId' },
    });
    await expect(t.sut.read(candidate, 'asm-1', 'softmax')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses to save after the deadline (EXERCISE_CLOSED) and writes nothing', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue({ ...open, deadlineAt: new Date(Date.now() - 1) });
    await expect(t.sut.save(candidate, input)).rejects.toMatchObject({ code: 'EXERCISE_CLOSED' });
    expect(t.repo(AssessmentDraftEntity).upsert).not.toHaveBeenCalled();
  });

  it('refuses an exercise outside the assessment (BAD_USER_INPUT on exerciseSlug)', async () => {
    t.repo(AssessmentItemEntity).findOneBy.mockResolvedValue(null);
    await expect(t.sut.save(candidate, input)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'exerciseSlug' },
    });
    t.exercises.idOf.mockResolvedValue(null);
    await expect(t.sut.save(candidate, input)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('keeps one draft per attempt and exercise (upsert on both) and returns it as stored', async () => {
    const savedAt = new Date();
    t.repo(AssessmentDraftEntity).findOneByOrFail.mockResolvedValue({ ...input, invitationId: 'inv-1', savedAt });
    await expect(t.sut.save(candidate, input)).resolves.toEqual({
      exerciseSlug: 'softmax',
      language: 'TYPESCRIPT',
      code: 'export default 1;',
      savedAt,
    });
    expect(t.repo(AssessmentDraftEntity).upsert).toHaveBeenCalledWith(
      expect.objectContaining({ invitationId: 'inv-1', exerciseSlug: 'softmax', code: 'export default 1;' }),
      ['invitationId', 'exerciseSlug'],
    );
  });

  it('reads the saved draft after the deadline too, and null when there is none', async () => {
    t.repo(InvitationEntity).findOneBy.mockResolvedValue({ ...open, deadlineAt: new Date(0) });
    t.repo(AssessmentDraftEntity).findOneBy.mockResolvedValueOnce(null);
    await expect(t.sut.read(candidate, 'asm-1', 'softmax')).resolves.toBeNull();
    t.repo(AssessmentDraftEntity).findOneBy.mockResolvedValueOnce({
      exerciseSlug: 'softmax',
      language: 'PYTHON',
      code: 'x',
      savedAt: new Date(0),
    });
    await expect(t.sut.read(candidate, 'asm-1', 'softmax')).resolves.toMatchObject({ language: 'PYTHON', code: 'x' });
    expect(t.repo(AssessmentDraftEntity).findOneBy).toHaveBeenCalledWith({
      invitationId: 'inv-1',
      exerciseSlug: 'softmax',
    });
  });
});
