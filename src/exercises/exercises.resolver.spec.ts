import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import { ExerciseType, SubmissionLanguage } from './exercise.types.js';
import type { ExerciseView } from './exercise.view.js';
import { ExercisesResolver } from './exercises.resolver.js';

describe('ExercisesResolver', () => {
  it('shows published exercises to anyone', () => {
    expect(whoMay(ExercisesResolver, 'exercise')).toBe('anyone');
  });

  it('reads an exercise in the asked locale, English by default, and refuses an unknown locale', async () => {
    const { sut, mocks } = newTestService(ExercisesResolver);
    const [exercises] = mocks;
    const view = { slug: 'a' } as ExerciseView;
    exercises.view.mockResolvedValue(view);
    await expect(sut.exercise('a')).resolves.toBe(view);
    expect(exercises.view).toHaveBeenLastCalledWith('a', 'en');
    await sut.exercise('a', 'zh-CN');
    expect(exercises.view).toHaveBeenLastCalledWith('a', 'zh-CN');
    expect(() => sut.exercise('a', 'de')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(exercises.view).toHaveBeenCalledTimes(2);
  });

  it("resolves an exercise's languages from its type and Python entry", async () => {
    const { sut, mocks } = newTestService(ExercisesResolver);
    const [exercises] = mocks;
    const languages = [{ language: SubmissionLanguage.PYTHON, available: true, reason: null }];
    exercises.languages.mockResolvedValue(languages);
    await expect(sut.languages({ type: ExerciseType.CODING, pythonEntry: 'softmax' } as ExerciseView)).resolves.toBe(
      languages,
    );
    expect(exercises.languages).toHaveBeenLastCalledWith(ExerciseType.CODING, 'softmax');
    await sut.languages({ type: ExerciseType.MODEL } as ExerciseView);
    expect(exercises.languages).toHaveBeenLastCalledWith(ExerciseType.MODEL, null);
  });
});
