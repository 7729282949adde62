import { describe, expect, it } from '@jest/globals';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import { Role } from '../access/role.enum.js';
import type { PublishedExercise } from '../exercises/exercises.service.js';
import { AssessmentOverviewResolver, CandidateReportFieldsResolver } from './assessment-overview.resolver.js';
import type { AssessmentView, CandidateReportView } from './assessment.types.js';
import { PRACTICE_REFUSED } from './assessment-attempts.js';

const HOUR = 3600_000;
const assessment = (opensIn: number, closesIn: number) =>
  ({
    id: 'asm-1',
    opensAt: new Date(Date.now() + opensIn),
    closesAt: new Date(Date.now() + closesIn),
  }) as AssessmentView;

describe('AssessmentOverviewResolver', () => {
  it('calls an assessment SCHEDULED before its window, OPEN in it and CLOSED after it', () => {
    const { sut } = newTestService(AssessmentOverviewResolver);
    expect(sut.status(assessment(HOUR, 2 * HOUR))).toBe('SCHEDULED');
    expect(sut.status(assessment(-HOUR, HOUR))).toBe('OPEN');
    expect(sut.status(assessment(-2 * HOUR, -HOUR))).toBe('CLOSED');
  });

  it('counts invitations through the repository, zeros for an assessment without any', async () => {
    const { sut, mocks } = newTestService(AssessmentOverviewResolver);
    const [invitations] = mocks;
    const counts = { invited: 3, started: 2, finished: 1, revoked: 0 };
    invitations.counts.mockResolvedValueOnce(new Map([['asm-1', counts]]));
    await expect(sut.invitationCounts(assessment(0, HOUR))).resolves.toBe(counts);
    expect(invitations.counts).toHaveBeenCalledWith(['asm-1']);
    invitations.counts.mockResolvedValueOnce(new Map());
    await expect(sut.invitationCounts(assessment(0, HOUR))).resolves.toEqual({
      invited: 0,
      started: 0,
      finished: 0,
      revoked: 0,
    });
  });

  it('lists the published bank for hiring managers, by track then difficulty, in the locale asked for', async () => {
    expect(whoMay(AssessmentOverviewResolver, 'exerciseBank')).toEqual([Role.HIRING_MANAGER]);
    const { sut, mocks } = newTestService(AssessmentOverviewResolver);
    const [, exercises] = mocks;
    const entry = (slug: string, track: string | null, difficulty: number) =>
      ({
        exercise: {
          slug,
          type: 'MODEL',
          assessmentExposures: 2,
          assessmentOnly: slug === 'c',
          track: track && { slug: track, title: { en: track.toUpperCase(), 'zh-CN': `${track}（中文）` } },
        },
        version: { title: { en: `${slug} en`, 'zh-CN': `${slug} zh` }, difficulty, version: 1 },
      }) as unknown as PublishedExercise;
    exercises.allPublished.mockResolvedValue([
      entry('a', 'vision', 3),
      entry('b', 'basics', 2),
      entry('c', 'vision', 1),
    ]);
    const bank = await sut.exerciseBank('zh-CN');
    expect(bank.map((b) => [b.slug, b.trackSlug, b.title, b.trackTitle])).toEqual([
      ['b', 'basics', 'b zh', 'basics（中文）'],
      ['c', 'vision', 'c zh', 'vision（中文）'],
      ['a', 'vision', 'a zh', 'vision（中文）'],
    ]);
    expect(bank[1]).toMatchObject({ assessmentOnly: true, assessmentExposures: 2 });
    exercises.allPublished.mockResolvedValue([entry('x', null, 1)]);
    await expect(sut.exerciseBank()).resolves.toEqual([
      expect.objectContaining({ trackSlug: '', trackTitle: '', title: 'x en' }),
    ]);
  });
});

describe('CandidateReportFieldsResolver', () => {
  it("lists the practice refused during the candidate's attempt, oldest first", async () => {
    const { sut, mocks } = newTestService(CandidateReportFieldsResolver);
    const [audit] = mocks;
    audit.about.mockResolvedValue(
      partial([
        { details: { exerciseSlug: 'b' }, createdAt: new Date(2000) },
        { details: {}, createdAt: new Date(1000) },
      ]),
    );
    const refusals = await sut.practiceRefusals({ candidate: { invitationId: 'inv-1' } } as CandidateReportView);
    expect(audit.about).toHaveBeenCalledWith(PRACTICE_REFUSED, ['inv-1']);
    expect(refusals).toEqual([
      { exerciseSlug: '', at: new Date(1000) },
      { exerciseSlug: 'b', at: new Date(2000) },
    ]);
  });
});
