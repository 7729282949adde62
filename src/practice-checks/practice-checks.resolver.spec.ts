import { describe, expect, it } from '@jest/globals';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { SubmissionLanguage } from '../submissions/submission.types.js';
import { PracticeChecksResolver } from './practice-checks.resolver.js';

const me: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'me@x.test' };

describe('PracticeChecksResolver', () => {
  it('checks and runs for signed-in callers, through the service', async () => {
    expect(whoMay(PracticeChecksResolver, 'checkModel')).toBe('signed in');
    expect(whoMay(PracticeChecksResolver, 'runVisibleTests')).toBe('signed in');
    const { sut, mocks } = newTestService(PracticeChecksResolver);
    const [checks] = mocks;
    const input = { exerciseSlug: 'x', language: SubmissionLanguage.TYPESCRIPT, code: 'c' };
    checks.checkModel.mockResolvedValue(partial({ ok: true }));
    await expect(sut.checkModel(me, input)).resolves.toEqual({ ok: true });
    expect(checks.checkModel).toHaveBeenCalledWith(me, input);
    await sut.runVisibleTests(me, input);
    expect(checks.runVisibleTests).toHaveBeenCalledWith(me, input);
  });
});
