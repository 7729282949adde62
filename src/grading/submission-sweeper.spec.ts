import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { JobState } from 'bullmq';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import type { AppConfig } from '../config/config.js';
import { ErrorKind, SubmissionStatus } from '../submissions/submission.types.js';
import { SubmissionSweeper } from './submission-sweeper.js';

const config = { SWEEP_INTERVAL_SECONDS: 30 } as AppConfig;

function setup(states: Record<string, JobState | 'unknown' | undefined>) {
  const { sut, mocks } = newTestService(SubmissionSweeper, { 0: config });
  const [, submissions, queue, lifecycle] = mocks;
  submissions.stale.mockResolvedValue(Object.keys(states).map((id) => ({ id, status: SubmissionStatus.QUEUED })));
  queue.getJob.mockImplementation(async (id: string) => {
    const state = states[id];
    return state === undefined ? undefined : partial({ getState: async () => state });
  });
  lifecycle.finish.mockResolvedValue(true);
  return { sut, submissions, queue, lifecycle };
}

describe('SubmissionSweeper.sweep', () => {
  it('asks for submissions untouched for one sweep interval', async () => {
    const t = setup({});
    await expect(t.sut.sweep()).resolves.toEqual({ requeued: 0, closed: 0 });
    expect(t.submissions.stale).toHaveBeenCalledWith(30);
  });

  it('enqueues again, under the same job id, a waiting or running submission whose job is gone', async () => {
    const t = setup({ lost: undefined, odd: 'unknown' });
    await expect(t.sut.sweep()).resolves.toEqual({ requeued: 2, closed: 0 });
    expect(t.queue.add).toHaveBeenCalledWith(
      'grade',
      { submissionId: 'lost' },
      expect.objectContaining({ jobId: 'lost' }),
    );
    expect(t.queue.add).toHaveBeenCalledWith(
      'grade',
      { submissionId: 'odd' },
      expect.objectContaining({ jobId: 'odd' }),
    );
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
  });

  it('closes one whose job ended without a final state as our ERROR, not counted', async () => {
    const t = setup({ failed: 'failed', done: 'completed' });
    await expect(t.sut.sweep()).resolves.toEqual({ requeued: 0, closed: 2 });
    expect(t.lifecycle.finish).toHaveBeenCalledWith('failed', {
      status: SubmissionStatus.ERROR,
      reason: expect.stringContaining('problem on our side'),
      errorKind: ErrorKind.INFRASTRUCTURE,
      errorCode: 'INFRASTRUCTURE',
      countsAsAttempt: false,
    });
    expect(t.queue.add).not.toHaveBeenCalled();
  });

  it('counts only the closes that applied (another process may have finished it first)', async () => {
    const t = setup({ failed: 'failed' });
    t.lifecycle.finish.mockResolvedValue(false);
    await expect(t.sut.sweep()).resolves.toEqual({ requeued: 0, closed: 0 });
  });

  it('leaves jobs that are waiting, delayed or active to the queue', async () => {
    const t = setup({ a: 'waiting', b: 'delayed', c: 'active' });
    await expect(t.sut.sweep()).resolves.toEqual({ requeued: 0, closed: 0 });
    expect(t.queue.add).not.toHaveBeenCalled();
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
  });
});

describe('SubmissionSweeper timer', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sweeps at start and every interval until the module stops, a failing sweep only logged', async () => {
    const t = setup({});
    t.submissions.stale.mockRejectedValueOnce(new Error('db away'));
    t.sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(t.submissions.stale).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(t.submissions.stale).toHaveBeenCalledTimes(2);
    t.sut.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(t.submissions.stale).toHaveBeenCalledTimes(2);
  });
});
