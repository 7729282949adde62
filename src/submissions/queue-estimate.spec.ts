import { describe, expect, it, jest } from '@jest/globals';
import type { Queue } from 'bullmq';
import type { GradingJobData } from './grading-queue.js';
import { QueueEstimator } from './queue-estimate.js';
import type { SubmissionsRepository } from './submissions.repository.js';

/** The estimator over a stubbed BullMQ queue whose wait list is `waiting` (left end first) and a stubbed repository. */
function newTestService(opts: { waiting: string[]; running: number; average: number | null; redisDown?: boolean }) {
  const client = {
    llen: jest.fn(async () => opts.waiting.length),
    lpos: jest.fn(async (_key: string, id: string) => {
      const i = opts.waiting.indexOf(id);
      return i < 0 ? null : i;
    }),
  };
  const queue = {
    keys: { wait: 'dojo:grading:wait' },
    getBackend: () => ({
      client: opts.redisDown ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve(client),
    }),
    getActiveCount: jest.fn(async () => opts.running),
  };
  const repository = { averageJobSeconds: jest.fn(async (_recent: number) => opts.average) };
  const sut = new QueueEstimator(
    queue as unknown as Queue<GradingJobData>,
    repository as unknown as SubmissionsRepository,
  );
  return { sut, repository };
}

describe('QueueEstimator', () => {
  it('counts positions from the right end of the wait list (workers take from there) and estimates the wait', async () => {
    // Pushed on the left: c is the newest, a is taken next.
    const { sut, repository } = newTestService({ waiting: ['c', 'b', 'a'], running: 2, average: 40 });
    const places = await sut.places(['a', 'c', 'not-waiting']);
    expect(places.get('a')).toEqual({ position: 1, estimatedWaitSeconds: 20 });
    expect(places.get('c')).toEqual({ position: 3, estimatedWaitSeconds: 60 });
    expect(places.has('not-waiting')).toBe(false);
    expect(repository.averageJobSeconds).toHaveBeenCalledWith(50);
  });

  it('gives a position without an estimate before any job finished, and divides by at least one running job', async () => {
    expect((await newTestService({ waiting: ['a'], running: 0, average: null }).sut.places(['a'])).get('a')).toEqual({
      position: 1,
      estimatedWaitSeconds: null,
    });
    expect((await newTestService({ waiting: ['a'], running: 0, average: 7.2 }).sut.places(['a'])).get('a')).toEqual({
      position: 1,
      estimatedWaitSeconds: 8,
    });
  });

  it('answers nothing rather than failing when Redis is down, and asks nothing for no ids', async () => {
    expect(
      (await newTestService({ waiting: ['a'], running: 1, average: 5, redisDown: true }).sut.places(['a'])).size,
    ).toBe(0);
    const { sut, repository } = newTestService({ waiting: [], running: 0, average: null });
    expect((await sut.places([])).size).toBe(0);
    expect(repository.averageJobSeconds).not.toHaveBeenCalled();
  });
});
