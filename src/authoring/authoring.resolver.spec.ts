import { describe, expect, it } from '@jest/globals';
import { newTestService, partial } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { AuthoringResolver } from './authoring.resolver.js';
import type { ExerciseDraftInput } from './dto/exercise-draft.input.js';
import type { ExerciseDraftPatchInput } from './dto/exercise-draft-patch.input.js';

const mentor: AuthUser = { id: 'm-1', role: Role.MENTOR, email: 'm@x.test' };

describe('AuthoringResolver', () => {
  it('every operation is for mentors', () => {
    for (const op of Object.getOwnPropertyNames(AuthoringResolver.prototype).filter((n) => n !== 'constructor'))
      expect([op, whoMay(AuthoringResolver, op as keyof AuthoringResolver)]).toEqual([op, [Role.MENTOR]]);
  });

  it('hands each operation to the service with the caller', async () => {
    const { sut, mocks } = newTestService(AuthoringResolver);
    const [authoring] = mocks;
    const input = partial<ExerciseDraftInput>({ slug: 'x' });
    const patch = partial<ExerciseDraftPatchInput>({ difficulty: 3 });
    await sut.createExercise(mentor, input);
    expect(authoring.create).toHaveBeenCalledWith(mentor, input);
    await sut.updateExercise(mentor, 'x', patch);
    expect(authoring.update).toHaveBeenCalledWith(mentor, 'x', patch);
    await sut.validateExercise(mentor, 'x');
    expect(authoring.requestValidation).toHaveBeenCalledWith(mentor, 'x');
    await sut.publishExercise(mentor, 'x');
    expect(authoring.publish).toHaveBeenCalledWith(mentor, 'x');
    await sut.setExerciseAssessmentOnly(mentor, 'x', true);
    expect(authoring.setAssessmentOnly).toHaveBeenCalledWith(mentor, 'x', true);
    await sut.exerciseDraft(mentor, 'x');
    expect(authoring.draftView).toHaveBeenCalledWith('x', mentor);
    await sut.myExercises(mentor);
    expect(authoring.mine).toHaveBeenCalledWith(mentor);
    await sut.deleteExerciseDraft(mentor, 'x');
    expect(authoring.deleteDraft).toHaveBeenCalledWith(mentor, 'x');
    await sut.fillExpectedValues(mentor, 'x');
    expect(authoring.fillExpectedValues).toHaveBeenCalledWith(mentor, 'x');
    await sut.retireExercise(mentor, 'x', false);
    expect(authoring.setRetired).toHaveBeenCalledWith(mentor, 'x', false);
    await sut.exerciseVersions(mentor, 'x');
    expect(authoring.versions).toHaveBeenCalledWith('x', mentor);
    await sut.exerciseValidation('run-1');
    expect(authoring.validation).toHaveBeenCalledWith('run-1');
  });

  it('refuses a new slug that is not kebab-case or longer than 64 (BAD_USER_INPUT on newSlug)', async () => {
    const { sut, mocks } = newTestService(AuthoringResolver);
    for (const bad of ['Has Caps', 'a'.repeat(65), 'trailing-'])
      expect(() => sut.duplicateExerciseAsDraft(mentor, 'x', bad)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'newSlug' }) }),
      );
    expect(mocks[0].duplicate).not.toHaveBeenCalled();
    await sut.duplicateExerciseAsDraft(mentor, 'x', 'my-copy-2');
    expect(mocks[0].duplicate).toHaveBeenCalledWith(mentor, 'x', 'my-copy-2');
  });

  it('offers every grader with its exercise type, and the data sets with their tasks', () => {
    const { sut } = newTestService(AuthoringResolver);
    const options = sut.authoringOptions();
    expect(options.graders).toEqual(
      expect.arrayContaining([
        { name: 'unit-tests', type: 'CODING' },
        { name: 'accuracy-threshold', type: 'MODEL' },
      ]),
    );
    expect(options.datasets.length).toBeGreaterThan(0);
  });
});
