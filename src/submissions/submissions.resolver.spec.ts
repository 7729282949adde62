import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { describe, expect, it, jest } from '@jest/globals';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';
import type { SubmissionUpdate } from './submission-update.js';
import { SubmissionLanguage, SubmissionStatus } from './submission.types.js';
import { SubmissionsResolver } from './submissions.resolver.js';

/** What GraphQL passes for a nullable argument left out (the resolver's types say undefined). */
const NULL_ARG = null as unknown as undefined;
const me: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'me@x.test' };
const config = { QUEUE_PREFIX: 'tdojo' } as AppConfig;
const setup = () => {
  const { sut, mocks } = newTestService(SubmissionsResolver, { 2: config });
  const [service, pubSub] = mocks;
  return { sut, service, pubSub };
};

describe('SubmissionsResolver', () => {
  it('every operation is for signed-in callers', () => {
    for (const op of [
      'submitSolution',
      'answerQuiz',
      'submission',
      'mySubmissions',
      'mySubmissionCount',
      'myProgress',
      'cancelSubmission',
      'submissionUpdated',
    ] as const)
      expect(whoMay(SubmissionsResolver, op)).toBe('signed in');
  });

  it('hands submit, view and cancel to the service with the caller', async () => {
    const { sut, service } = setup();
    const input = { exerciseSlug: 'softmax', language: SubmissionLanguage.TYPESCRIPT, code: 'x' };
    await sut.submitSolution(me, input);
    expect(service.submit).toHaveBeenCalledWith(me, input);
    await sut.submission(me, 'id-1');
    expect(service.view).toHaveBeenCalledWith(me, 'id-1');
    await sut.cancelSubmission(me, 'id-1');
    expect(service.cancel).toHaveBeenCalledWith(me, 'id-1');
  });

  it('refuses quiz answers over 20000 characters (BAD_USER_INPUT on answers, with the limit)', () => {
    const { sut, service } = setup();
    expect(() => sut.answerQuiz(me, 'quiz', 'x'.repeat(20_001))).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'answers', limit: 20_000 } }),
    );
    expect(service.answerQuiz).not.toHaveBeenCalled();
    void sut.answerQuiz(me, 'quiz', '{}', 'zh-CN', NULL_ARG);
    expect(service.answerQuiz).toHaveBeenCalledWith(me, 'quiz', '{}', 'zh-CN', undefined);
  });

  it.each([
    ['limit 0', { limit: 0 }, 'limit'],
    ['limit over 100', { limit: 101 }, 'limit'],
    ['a fractional limit', { limit: 1.5 }, 'limit'],
    ['a negative offset', { offset: -1 }, 'offset'],
    ['an offset over 100000', { offset: 100_001 }, 'offset'],
    ['a slug that is not kebab-case', { slug: 'Not A Slug' }, 'exerciseSlug'],
  ])(
    'refuses %s in mySubmissions (BAD_USER_INPUT on %s)',
    (_what, args: { limit?: number; offset?: number; slug?: string }, field) => {
      const { sut, service } = setup();
      expect(() => sut.mySubmissions(me, args.slug, undefined, args.limit ?? 20, args.offset ?? 0)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field }) }),
      );
      expect(service.mine).not.toHaveBeenCalled();
    },
  );

  it('pages and counts with the same filter', async () => {
    const { sut, service } = setup();
    await sut.mySubmissions(me, 'cifar10-cnn', [SubmissionStatus.PASSED], 50, 100);
    expect(service.mine).toHaveBeenCalledWith(me, {
      exerciseSlug: 'cifar10-cnn',
      status: [SubmissionStatus.PASSED],
      limit: 50,
      offset: 100,
    });
    await sut.mySubmissionCount(me, NULL_ARG, NULL_ARG);
    expect(service.countMine).toHaveBeenCalledWith(me, { exerciseSlug: undefined, status: undefined });
  });

  it('refuses more than 500 progress slugs, or one that is not a slug, naming exerciseSlugs', () => {
    const { sut, service } = setup();
    expect(() =>
      sut.myProgress(
        me,
        Array.from({ length: 501 }, (_, i) => `s${i}`),
      ),
    ).toThrow(expect.objectContaining({ details: { field: 'exerciseSlugs', limit: 500 } }));
    expect(() => sut.myProgress(me, ['ok', 'x'.repeat(65)])).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'exerciseSlugs' }) }),
    );
    expect(service.progress).not.toHaveBeenCalled();
    void sut.myProgress(me, ['a', 'b-2']);
    expect(service.progress).toHaveBeenCalledWith(me, ['a', 'b-2']);
  });

  describe('submissionUpdated', () => {
    const update = (status: SubmissionStatus) => ({ submissionId: 's', status }) as SubmissionUpdate;

    it('checks the caller may see it, listens on its channel before reading the snapshot, and sends the snapshot first', async () => {
      const { sut, service, pubSub } = setup();
      const order: string[] = [];
      const live = {
        next: jest.fn(async () => ({ value: update(SubmissionStatus.PASSED), done: false })),
        return: jest.fn(async () => ({ value: undefined, done: true })),
      };
      pubSub.asyncIterableIterator.mockImplementation(() => {
        order.push('listen');
        return partial<ReturnType<RedisPubSub['asyncIterableIterator']>>(live);
      });
      service.snapshot.mockImplementation(async () => {
        order.push('snapshot');
        return update(SubmissionStatus.RUNNING);
      });
      const stream = await sut.submissionUpdated(me, 's');
      expect(service.findVisible).toHaveBeenCalledWith(me, 's');
      expect(pubSub.asyncIterableIterator).toHaveBeenCalledWith('tdojo:submission:s');
      expect(order).toEqual(['listen', 'snapshot']);
      expect((await stream.next()).value).toMatchObject({ status: 'RUNNING' });
      expect((await stream.next()).value).toMatchObject({ status: 'PASSED' });
      expect((await stream.next()).done).toBe(true);
    });

    it('stops listening when the snapshot cannot be read', async () => {
      const { sut, service, pubSub } = setup();
      const live = { next: jest.fn(), return: jest.fn(async () => ({ value: undefined, done: true })) };
      pubSub.asyncIterableIterator.mockReturnValue(partial<ReturnType<RedisPubSub['asyncIterableIterator']>>(live));
      service.snapshot.mockRejectedValue(new DomainError('NOT_FOUND', 'gone'));
      await expect(sut.submissionUpdated(me, 's')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(live.return).toHaveBeenCalled();
    });
  });
});
