import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/access.decorators.js';
import { badInput, DomainError, notFound } from '../common/domain-error.js';
import { pick, type Locale } from '../common/locale.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import { ExercisesService, type PublishedExercise } from '../exercises/exercises.service.js';
import { ExerciseHelpView, HelpUnlockReason } from './exercise-help.view.js';
import { LearningRepository } from './learning.repository.js';

/** Counted practice attempts after which the explanation opens without a pass. */
export const ATTEMPTS_TO_UNLOCK = 5;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Hints and the explanation in practice. Everything is keyed to the caller: there is no way to
 * ask for another user's reveals, and no report (a manager's included) reads them.
 */
@Injectable()
export class LearningService {
  constructor(
    private readonly exercises: ExercisesService,
    private readonly repo: LearningRepository,
  ) {}

  async help(user: AuthUser, slug: string, locale: Locale): Promise<ExerciseHelpView> {
    const found = await this.practiceExercise(user, slug);
    return this.view(user, found, locale);
  }

  async revealHint(user: AuthUser, slug: string, locale: Locale): Promise<ExerciseHelpView> {
    const found = await this.practiceExercise(user, slug);
    const total = found.version.hints?.length ?? 0;
    if (total === 0) throw new DomainError('CONFLICT', `slug: "${slug}" has no hints`, { field: 'slug' });
    const revealed = await this.repo.revealedCount(user.id, found.exercise.id);
    if (revealed >= total)
      throw new DomainError('CONFLICT', `slug: all ${total} hints of "${slug}" are already revealed`, {
        field: 'slug',
        limit: total,
      });
    await this.repo.revealNext(user.id, found.exercise.id, total);
    return this.view(user, found, locale);
  }

  /** The newest published version, refused where learning support would help in an assessment. */
  private async practiceExercise(user: AuthUser, slug: string): Promise<PublishedExercise> {
    if (slug.length > 64 || !SLUG.test(slug))
      throw badInput('slug', 'slug: must be an exercise slug (a-z, 0-9, -; at most 64 characters)', 64);
    const found = await this.exercises.published(slug, { includeAssessmentOnly: true });
    if (found.exercise.retiredAt !== null) throw notFound(`Exercise "${slug}"`);
    if (found.exercise.assessmentOnly)
      throw new DomainError(
        'FORBIDDEN',
        `slug: "${slug}" is used only in assessments, so it offers no hints or explanation`,
        { field: 'slug' },
      );
    const open = await this.repo.openAttemptWith(user.id, found.exercise.id);
    if (open)
      throw new DomainError(
        'FORBIDDEN',
        `slug: "${slug}" is part of your assessment in progress (until ${open.deadlineAt.toISOString()}); hints and the explanation are closed until then`,
        { field: 'slug' },
      );
    return found;
  }

  private async view(
    user: AuthUser,
    { exercise, version }: PublishedExercise,
    locale: Locale,
  ): Promise<ExerciseHelpView> {
    const hints = version.hints ?? [];
    // A newer version may have fewer hints than the caller revealed of an older one.
    const revealed = Math.min(await this.repo.revealedCount(user.id, exercise.id), hints.length);
    const record = await this.repo.practiceRecord(user.id, exercise.id);
    const unlockedBy = record.passed
      ? HelpUnlockReason.PASSED
      : record.attempts >= ATTEMPTS_TO_UNLOCK
        ? HelpUnlockReason.ATTEMPTS
        : null;
    // A quiz's reference file is empty: its explanations come with the graded answers.
    const reference = exercise.type === ExerciseType.QUIZ || !version.referenceCode ? null : version.referenceCode;
    const open = unlockedBy !== null;
    return {
      exerciseSlug: exercise.slug,
      locale,
      hintCount: hints.length,
      hints: hints.slice(0, revealed).map((h) => pick(h, locale)),
      explanationAvailable: version.explanation !== null || reference !== null,
      unlocked: open,
      unlockedBy,
      passed: record.passed,
      practiceAttempts: record.attempts,
      attemptsToUnlock: ATTEMPTS_TO_UNLOCK,
      explanation: open && version.explanation ? pick(version.explanation, locale) : null,
      referenceSolution: open ? reference : null,
    };
  }
}
