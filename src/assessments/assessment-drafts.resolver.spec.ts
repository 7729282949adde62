import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { SubmissionLanguage } from '../submissions/submission.types.js';
import { AssessmentDraftsResolver } from './assessment-drafts.resolver.js';

const user: AuthUser = { id: 'u-1', role: Role.HIRING_MANAGER, email: 'm@acme.test' };

describe('AssessmentDraftsResolver', () => {
  it('previews a link for anyone holding it; drafts are for the signed-in candidate', async () => {
    expect(whoMay(AssessmentDraftsResolver, 'assessmentInvitation')).toBe('anyone');
    expect(whoMay(AssessmentDraftsResolver, 'saveAssessmentDraft')).toBe('signed in');
    expect(whoMay(AssessmentDraftsResolver, 'assessmentDraft')).toBe('signed in');
    const { sut, mocks } = newTestService(AssessmentDraftsResolver);
    const [service] = mocks;
    await sut.assessmentInvitation('tok');
    expect(service.preview).toHaveBeenCalledWith('tok');
    const input = { assessmentId: 'a-1', exerciseSlug: 's', language: SubmissionLanguage.TYPESCRIPT, code: 'x' };
    await sut.saveAssessmentDraft(user, input);
    expect(service.save).toHaveBeenCalledWith(user, input);
    await sut.assessmentDraft(user, 'a-1', 's');
    expect(service.read).toHaveBeenCalledWith(user, 'a-1', 's');
  });
});
