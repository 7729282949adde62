import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import type { PublishedExercise } from '../exercises/exercises.service.js';
import { HelpUnlockReason } from './exercise-help.view.js';
import { ATTEMPTS_TO_UNLOCK, LearningService } from './learning.service.js';

const user: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'ada@example.com' };
const text = (en: string) => ({ en, 'zh-CN': `${en}（中文）` });

function exercise(
  overrides: { type?: ExerciseType; hints?: number; assessmentOnly?: boolean; retired?: boolean } = {},
) {
  const hints = Array.from({ length: overrides.hints ?? 3 }, (_, i) => text(`hint ${i + 1}`));
  return {
    exercise: {
      id: 'e-1',
      slug: 'stable-softmax',
      type: overrides.type ?? ExerciseType.CODING,
      assessmentOnly: overrides.assessmentOnly ?? false,
      retiredAt: overrides.retired ? new Date(0) : null,
    },
    version: { hints, explanation: text('why it works'), referenceCode: 'export const f = () => 1;' },
  } as unknown as PublishedExercise;
}

function setup(found: PublishedExercise = exercise(), record = { passed: false, attempts: 0 }, revealed = 0) {
  const { sut, mocks } = newTestService(LearningService);
  const [exercises, repo] = mocks;
  exercises.published.mockResolvedValue(found);
  repo.openAttemptWith.mockResolvedValue(null);
  repo.revealedCount.mockResolvedValue(revealed);
  repo.practiceRecord.mockResolvedValue(record);
  return { sut, exercises, repo };
}

describe('LearningService: where help is refused', () => {
  it('refuses a malformed slug as BAD_USER_INPUT on slug before looking anything up', async () => {
    const { sut, exercises } = setup();
    for (const slug of ['Bad Slug', 'a--b', '-a', 'x'.repeat(65)])
      await expect(sut.help(user, slug, 'en')).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: 'slug', limit: 64 },
      });
    expect(exercises.published).not.toHaveBeenCalled();
  });

  it('answers NOT_FOUND for a retired exercise', async () => {
    const { sut } = setup(exercise({ retired: true }));
    await expect(sut.help(user, 'stable-softmax', 'en')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an assessment-only exercise with FORBIDDEN', async () => {
    const { sut, exercises } = setup(exercise({ assessmentOnly: true }));
    await expect(sut.help(user, 'stable-softmax', 'en')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { field: 'slug' },
    });
    expect(exercises.published).toHaveBeenCalledWith('stable-softmax', { includeAssessmentOnly: true });
  });

  it('refuses while the caller has an assessment in progress that contains the exercise, naming its deadline', async () => {
    const { sut, repo } = setup();
    repo.openAttemptWith.mockResolvedValue({ deadlineAt: new Date('2026-12-02T18:00:00Z') });
    await expect(sut.revealHint(user, 'stable-softmax', 'en')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('until 2026-12-02T18:00:00.000Z'),
    });
    expect(repo.openAttemptWith).toHaveBeenCalledWith('u-1', 'e-1');
    expect(repo.revealNext).not.toHaveBeenCalled();
  });
});

describe('LearningService: hints', () => {
  it('shows only the hints the caller revealed, in the asked locale', async () => {
    const { sut, repo } = setup(exercise(), { passed: false, attempts: 0 }, 2);
    const view = await sut.help(user, 'stable-softmax', 'zh-CN');
    expect(view).toMatchObject({ exerciseSlug: 'stable-softmax', locale: 'zh-CN', hintCount: 3 });
    expect(view.hints).toEqual(['hint 1（中文）', 'hint 2（中文）']);
    expect(repo.revealedCount).toHaveBeenCalledWith('u-1', 'e-1');
  });

  it('never shows more hints than the newest version has', async () => {
    const { sut } = setup(exercise({ hints: 1 }), { passed: false, attempts: 0 }, 3);
    expect((await sut.help(user, 'stable-softmax', 'en')).hints).toEqual(['hint 1']);
  });

  it('reveals the next hint for the caller, bounded by the hint count', async () => {
    const { sut, repo } = setup(exercise(), { passed: false, attempts: 0 }, 1);
    repo.revealedCount.mockResolvedValueOnce(1).mockResolvedValueOnce(2);
    const view = await sut.revealHint(user, 'stable-softmax', 'en');
    expect(repo.revealNext).toHaveBeenCalledWith('u-1', 'e-1', 3);
    expect(view.hints).toEqual(['hint 1', 'hint 2']);
  });

  it('refuses to reveal past the last hint with CONFLICT carrying the count as limit', async () => {
    const { sut, repo } = setup(exercise(), { passed: false, attempts: 0 }, 3);
    await expect(sut.revealHint(user, 'stable-softmax', 'en')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'slug', limit: 3 },
    });
    expect(repo.revealNext).not.toHaveBeenCalled();
  });

  it('refuses a hint of an exercise that has none with CONFLICT', async () => {
    const { sut, repo } = setup(exercise({ hints: 0 }));
    await expect(sut.revealHint(user, 'stable-softmax', 'en')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'slug: "stable-softmax" has no hints',
    });
    expect(repo.revealNext).not.toHaveBeenCalled();
  });
});

describe('LearningService: the explanation', () => {
  it('stays closed, with no explanation or reference, before a pass or enough attempts', async () => {
    const { sut } = setup(exercise(), { passed: false, attempts: ATTEMPTS_TO_UNLOCK - 1 });
    expect(await sut.help(user, 'stable-softmax', 'en')).toMatchObject({
      explanationAvailable: true,
      unlocked: false,
      unlockedBy: null,
      practiceAttempts: ATTEMPTS_TO_UNLOCK - 1,
      attemptsToUnlock: ATTEMPTS_TO_UNLOCK,
      explanation: null,
      referenceSolution: null,
    });
  });

  it('opens after enough counted attempts', async () => {
    const { sut } = setup(exercise(), { passed: false, attempts: ATTEMPTS_TO_UNLOCK });
    expect(await sut.help(user, 'stable-softmax', 'en')).toMatchObject({
      unlocked: true,
      unlockedBy: HelpUnlockReason.ATTEMPTS,
      explanation: 'why it works',
      referenceSolution: 'export const f = () => 1;',
    });
  });

  it('opens on a passed practice submission, in the asked locale', async () => {
    const { sut } = setup(exercise(), { passed: true, attempts: 1 });
    expect(await sut.help(user, 'stable-softmax', 'zh-CN')).toMatchObject({
      unlocked: true,
      unlockedBy: HelpUnlockReason.PASSED,
      passed: true,
      explanation: 'why it works（中文）',
    });
  });

  it('offers a quiz no reference solution, even once open', async () => {
    const { sut } = setup(exercise({ type: ExerciseType.QUIZ }), { passed: true, attempts: 1 });
    expect(await sut.help(user, 'stable-softmax', 'en')).toMatchObject({ unlocked: true, referenceSolution: null });
  });

  it('says when there is nothing to unlock', async () => {
    const bare = exercise();
    bare.version.explanation = null;
    bare.version.referenceCode = '';
    const { sut } = setup(bare, { passed: true, attempts: 1 });
    expect(await sut.help(user, 'stable-softmax', 'en')).toMatchObject({
      explanationAvailable: false,
      explanation: null,
      referenceSolution: null,
    });
  });
});
