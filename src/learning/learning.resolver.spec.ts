import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { ExerciseHelpView } from './exercise-help.view.js';
import { LearningResolver } from './learning.resolver.js';

const user: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'ada@example.com' };
const view = { exerciseSlug: 'stable-softmax' } as ExerciseHelpView;

describe('LearningResolver', () => {
  it('gives help to signed-in callers only', () => {
    expect(whoMay(LearningResolver, 'exerciseHelp')).toBe('signed in');
    expect(whoMay(LearningResolver, 'revealHint')).toBe('signed in');
  });

  it("passes the caller's own help in the asked locale, English by default", async () => {
    const { sut, mocks } = newTestService(LearningResolver);
    const [learning] = mocks;
    learning.help.mockResolvedValue(view);
    learning.revealHint.mockResolvedValue(view);
    await expect(sut.exerciseHelp(user, 'stable-softmax')).resolves.toBe(view);
    expect(learning.help).toHaveBeenCalledWith(user, 'stable-softmax', 'en');
    await expect(sut.revealHint(user, 'stable-softmax', 'zh-CN')).resolves.toBe(view);
    expect(learning.revealHint).toHaveBeenCalledWith(user, 'stable-softmax', 'zh-CN');
  });

  it('refuses an unknown locale as BAD_USER_INPUT on locale before asking the service', () => {
    const { sut, mocks } = newTestService(LearningResolver);
    expect(() => sut.revealHint(user, 'stable-softmax', 'fr')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'locale' }) }),
    );
    expect(mocks[0].revealHint).not.toHaveBeenCalled();
  });
});
