import { describe, expect, it } from '@jest/globals';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { AssessmentView } from './assessment.types.js';
import { AssessmentsResolver } from './assessments.resolver.js';

const user: AuthUser = { id: 'u-1', role: Role.HIRING_MANAGER, email: 'm@acme.test' };

describe('AssessmentsResolver', () => {
  it.each([
    ['createAssessment', [Role.HIRING_MANAGER]],
    ['assessments', [Role.HIRING_MANAGER]],
    ['inviteCandidate', [Role.HIRING_MANAGER]],
    ['assessmentReport', [Role.HIRING_MANAGER]],
    ['assessmentCsv', [Role.HIRING_MANAGER]],
    ['candidateReport', [Role.HIRING_MANAGER]],
    ['assessmentSimilarity', [Role.HIRING_MANAGER]],
    ['reviewCandidate', [Role.HIRING_MANAGER]],
    ['startAssessment', 'signed in'],
    ['myAssessmentAttempt', 'signed in'],
    ['assessmentExercise', 'signed in'],
  ] as const)('%s is for %p', (operation, who) => {
    expect(whoMay(AssessmentsResolver, operation)).toEqual(who);
  });

  it("hands each operation to the service with the caller and the operation's arguments", async () => {
    const { sut, mocks } = newTestService(AssessmentsResolver);
    const [service] = mocks;
    const answer = partial<AssessmentView>({ id: 'asm-1' });
    service.create.mockResolvedValue(answer);
    const input = { title: 't', exerciseSlugs: ['a'], timeLimitMinutes: 5 };
    await expect(sut.createAssessment(user, input)).resolves.toBe(answer);
    expect(service.create).toHaveBeenCalledWith(user, input);
    await sut.assessments(user);
    expect(service.list).toHaveBeenCalledWith(user);
    await sut.inviteCandidate(user, { assessmentId: 'a-1', email: 'x@y.test' });
    expect(service.invite).toHaveBeenCalledWith(user, 'a-1', 'x@y.test');
    await sut.startAssessment(user, 'tok');
    expect(service.start).toHaveBeenCalledWith(user, 'tok');
    await sut.myAssessmentAttempt(user, 'a-1');
    expect(service.myAttempt).toHaveBeenCalledWith(user, 'a-1');
    await sut.assessmentReport(user, 'a-1');
    expect(service.report).toHaveBeenCalledWith(user, 'a-1');
    await sut.assessmentCsv(user, 'a-1');
    expect(service.csv).toHaveBeenCalledWith(user, 'a-1');
    await sut.candidateReport(user, 'i-1');
    expect(service.candidateReport).toHaveBeenCalledWith(user, 'i-1');
    await sut.assessmentSimilarity(user, 'a-1');
    expect(service.similarity).toHaveBeenCalledWith(user, 'a-1');
    const review = { invitationId: 'i-1', rating: 4 };
    await sut.reviewCandidate(user, review);
    expect(service.review).toHaveBeenCalledWith(user, review);
  });

  it('reads an exercise in the locale asked for (English by default) and refuses an unknown locale on locale', async () => {
    const { sut, mocks } = newTestService(AssessmentsResolver);
    await sut.assessmentExercise(user, 'a-1', 'softmax');
    await sut.assessmentExercise(user, 'a-1', 'softmax', 'zh-CN');
    expect(mocks[0].exercise.mock.calls).toEqual([
      [user, 'a-1', 'softmax', 'en'],
      [user, 'a-1', 'softmax', 'zh-CN'],
    ]);
    expect(() => sut.assessmentExercise(user, 'a-1', 'softmax', 'fr')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'locale' }) }),
    );
    expect(mocks[0].exercise).toHaveBeenCalledTimes(2);
  });
});
