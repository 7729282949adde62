import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { In, Repository, type DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { isUuid } from '../common/validation.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { REDIS } from '../redis/redis.module.js';
import { Role } from '../access/role.enum.js';
import type { SubmitSolutionInput } from './dto/submit-solution.input.js';
import { gradeQuiz, type QuizAnswers } from '../graders/quiz.js';
import type { QuizFile } from '../coding/quiz-file.js';
import type { Locale } from '../common/locale.js';
import { EpochMetricEntity } from './epoch-metric.entity.js';
import { cancelChannel, GRADING_QUEUE, gradingJobOptions, type GradingJobData } from './grading-queue.js';
import { SubmissionEventEntity } from './submission-event.entity.js';
import { SubmissionEntity } from './submission.entity.js';
import { SubmissionLanguage, SubmissionStatus, FINAL_STATUSES, gradedAccuracy } from './submission.types.js';
import { ProgressState, type ExerciseProgressView, type SubmissionView } from './submission.view.js';
import type { SubmissionUpdate } from './submission-update.js';
import { QueueEstimator } from './queue-estimate.js';

/** Which of the caller's submissions `mine` returns. */
export interface HistoryFilter {
  exerciseSlug?: string;
  status?: SubmissionStatus[];
  limit: number;
  offset?: number;
}
import { SubmissionLifecycle } from './submission-lifecycle.js';
import { countLiveWorkers } from '../queue/worker-heartbeat.js';
import { SubmissionsRepository } from './submissions.repository.js';
import { AssessmentAttemptsPort } from './assessment-attempts.port.js';

@Injectable()
export class SubmissionsService {
  private readonly logger = new Logger(SubmissionsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(SubmissionEntity) private readonly submissions: Repository<SubmissionEntity>,
    @InjectRepository(SubmissionEventEntity) private readonly events: Repository<SubmissionEventEntity>,
    @InjectRepository(EpochMetricEntity) private readonly epochs: Repository<EpochMetricEntity>,
    @InjectQueue(GRADING_QUEUE) private readonly queue: Queue<GradingJobData>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly exercises: ExercisesService,
    private readonly lifecycle: SubmissionLifecycle,
    private readonly attempts: AssessmentAttemptsPort,
    private readonly queueEstimator: QueueEstimator,
    private readonly repository: SubmissionsRepository,
  ) {}

  /**
   * Stores the submission as QUEUED, then enqueues its job (jobId = submission id). If the
   * enqueue fails the row stays QUEUED and the sweeper enqueues it later: never lost.
   */
  async submit(user: AuthUser, input: SubmitSolutionInput): Promise<SubmissionView> {
    const { exercise, version } = await this.exercises.published(input.exerciseSlug, {
      includeAssessmentOnly: input.assessmentId !== undefined,
    });
    // In an assessment the attempt must be open, and the version is the one the assessment pinned.
    const attempt = input.assessmentId
      ? await this.attempts.attemptFor(user, input.assessmentId, exercise.id)
      : undefined;
    if (!attempt) await this.attempts.refusePracticeDuringAttempt(user, exercise.id, exercise.slug);
    if (exercise.type === ExerciseType.QUIZ) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `exerciseSlug: "${exercise.slug}" is a quiz; send your answers with answerQuiz`,
        { field: 'exerciseSlug' },
      );
    }
    if (
      input.language === SubmissionLanguage.QUIZ_ANSWERS ||
      (exercise.type === ExerciseType.CODING && input.language === SubmissionLanguage.KERAS_JSON) ||
      (exercise.type === ExerciseType.MODEL && input.language === SubmissionLanguage.PYTHON)
    ) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `language: ${exercise.type} exercises take ${exercise.type === ExerciseType.CODING ? 'TYPESCRIPT, JAVASCRIPT or PYTHON' : 'TYPESCRIPT, JAVASCRIPT or KERAS_JSON'}`,
        { field: 'language' },
      );
    }
    // The version graded is the assessment's pinned one when there is an attempt.
    if (input.language === SubmissionLanguage.PYTHON) {
      const graded = attempt ? await this.exercises.versionById(attempt.exerciseVersionId) : version;
      await this.exercises.requirePython(exercise.slug, graded);
    }
    const submission = await this.db.transaction(async (em) => {
      // One candidate's submissions are counted and inserted one at a time.
      await this.repository.lockCandidate(em, 'submit', user.id);
      if (!attempt) await this.checkPracticeRate(em, user.id, exercise.id);
      const waiting = await em.count(SubmissionEntity, { where: { userId: user.id, status: SubmissionStatus.QUEUED } });
      if (waiting >= this.config.MAX_QUEUED_PER_CANDIDATE) {
        throw new DomainError(
          'RATE_LIMITED',
          `You already have ${waiting} submissions waiting; the limit is ${this.config.MAX_QUEUED_PER_CANDIDATE}. Wait for one to finish or cancel one.`,
          { limit: this.config.MAX_QUEUED_PER_CANDIDATE },
        );
      }
      const row = await em.save(
        SubmissionEntity,
        em.create(SubmissionEntity, {
          userId: user.id,
          exerciseId: exercise.id,
          exerciseVersionId: attempt?.exerciseVersionId ?? version.id,
          invitationId: attempt?.invitationId ?? null,
          language: input.language,
          code: input.code,
          status: SubmissionStatus.QUEUED,
        }),
      );
      await em.insert(SubmissionEventEntity, {
        submissionId: row.id,
        status: SubmissionStatus.QUEUED,
        message: 'Waiting for a worker',
      });
      return row;
    });
    await this.enqueue(submission.id);
    return this.view(user, submission.id);
  }

  /** Grades a quiz at once (no sandbox needed) and stores it like any other submission. */
  async answerQuiz(
    user: AuthUser,
    exerciseSlug: string,
    answersJson: string,
    locale: Locale,
    assessmentId?: string,
  ): Promise<SubmissionView> {
    const { exercise, version: newest } = await this.exercises.published(exerciseSlug, {
      includeAssessmentOnly: assessmentId !== undefined,
    });
    // In an assessment: the open attempt, graded against the version the assessment pinned.
    const attempt = assessmentId ? await this.attempts.attemptFor(user, assessmentId, exercise.id) : undefined;
    if (!attempt) await this.attempts.refusePracticeDuringAttempt(user, exercise.id, exercise.slug);
    const version = attempt ? await this.exercises.versionById(attempt.exerciseVersionId) : newest;
    if (exercise.type !== ExerciseType.QUIZ || !version.quiz) {
      throw new DomainError('BAD_USER_INPUT', `exerciseSlug: "${exerciseSlug}" is not a quiz`, {
        field: 'exerciseSlug',
      });
    }
    const answers = parseQuizAnswers(answersJson);
    checkQuizAnswerIds(version.quiz, answers);
    const grade = gradeQuiz({ quiz: version.quiz, answers, threshold: version.threshold ?? undefined, locale });
    const status = grade.passed ? SubmissionStatus.PASSED : SubmissionStatus.FAILED;
    const row = await this.db.transaction(async (em) => {
      await this.repository.lockCandidate(em, 'submit', user.id);
      if (!attempt) await this.checkPracticeRate(em, user.id, exercise.id);
      const saved = await em.save(
        SubmissionEntity,
        em.create(SubmissionEntity, {
          userId: user.id,
          exerciseId: exercise.id,
          exerciseVersionId: version.id,
          invitationId: attempt?.invitationId ?? null,
          language: SubmissionLanguage.QUIZ_ANSWERS,
          code: answersJson,
          status,
          reason: grade.summary,
          countsAsAttempt: true,
          startedAt: new Date(),
          finishedAt: new Date(),
          grade: {
            grader: 'quiz',
            passed: grade.passed,
            score: grade.score,
            summary: grade.summary,
            feedback: grade.feedback,
            threshold: version.threshold,
          },
        }),
      );
      await em.insert(SubmissionEventEntity, { submissionId: saved.id, status, message: grade.summary });
      return saved;
    });
    return this.view(user, row.id);
  }

  /**
   * Practice only: at most PRACTICE_ATTEMPTS_PER_HOUR graded attempts per exercise in any hour,
   * so hidden tests cannot be probed one bit per submission. Counted are attempts that count
   * and those still waiting or running; ours (infrastructure errors) and cancelled ones do not.
   * Runs under the caller's advisory lock, so two requests cannot both take the last place.
   */
  private async checkPracticeRate(em: EntityManager, userId: string, exerciseId: string): Promise<void> {
    const limit = this.config.PRACTICE_ATTEMPTS_PER_HOUR;
    const row = await this.repository.practiceAttemptsLastHour(em, userId, exerciseId);
    if (row && row.used >= limit) {
      const retryAfterSeconds = Math.max(1, row.retry_after ?? 3600);
      throw new DomainError(
        'RATE_LIMITED',
        `You have made ${row.used} graded attempts at this exercise in the last hour; practice allows ${limit} per hour. Try again in ${retryAfterSeconds} s.`,
        { limit, retryAfterSeconds },
      );
    }
  }

  /** Idempotent: the job id is the submission id. */
  async enqueue(submissionId: string): Promise<boolean> {
    try {
      await this.queue.add('grade', { submissionId }, gradingJobOptions(submissionId));
      return true;
    } catch (e) {
      this.logger.warn(`could not enqueue ${submissionId} now (the sweeper will retry): ${(e as Error).message}`);
      return false;
    }
  }

  async view(user: AuthUser, id: string): Promise<SubmissionView> {
    const submission = await this.findVisible(user, id);
    return (await this.toViews([submission]))[0]!;
  }

  /**
   * The caller's submissions, newest first: to one exercise or all of them, optionally only in
   * some statuses; `limit` and `offset` page through them (the resolver bounds both).
   */
  async mine(user: AuthUser, filter: HistoryFilter): Promise<SubmissionView[]> {
    const rows = await (
      await this.historyQuery(user, filter)
    )
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .getMany();
    return this.toViews(rows);
  }

  /** How many submissions `mine` pages through with the same filter. */
  async countMine(user: AuthUser, filter: Omit<HistoryFilter, 'limit' | 'offset'>): Promise<number> {
    return (await this.historyQuery(user, filter)).getCount();
  }

  private async historyQuery(user: AuthUser, filter: Omit<HistoryFilter, 'limit' | 'offset'>) {
    const query = this.submissions.createQueryBuilder('s').where('s.user_id = :userId', { userId: user.id });
    if (filter.exerciseSlug !== undefined) {
      const { exercise } = await this.exercises.published(filter.exerciseSlug, { includeAssessmentOnly: true });
      query.andWhere('s.exercise_id = :exerciseId', { exerciseId: exercise.id });
    }
    if (filter.status?.length) query.andWhere('s.status IN (:...status)', { status: filter.status });
    return query;
  }

  /**
   * Solved / attempted / new per exercise for the caller, in one query: every exercise they
   * submitted to, plus each of `exerciseSlugs` they did not (as NEW). Practice and assessments alike.
   */
  async progress(user: AuthUser, exerciseSlugs?: string[]): Promise<ExerciseProgressView[]> {
    const rows = await this.repository.progressRows(user.id);
    const views: ExerciseProgressView[] = rows.map((r) => ({
      exerciseSlug: r.slug,
      state: r.solved ? ProgressState.SOLVED : ProgressState.ATTEMPTED,
      submissions: r.submissions,
      attempts: r.attempts,
      bestScore: r.best_score,
      lastSubmittedAt: r.last_submitted_at,
    }));
    for (const slug of new Set(exerciseSlugs ?? [])) {
      if (!views.some((v) => v.exerciseSlug === slug))
        views.push({
          exerciseSlug: slug,
          state: ProgressState.NEW,
          submissions: 0,
          attempts: 0,
          bestScore: null,
          lastSubmittedAt: null,
        });
    }
    return views;
  }

  /** The first message of a subscription: the submission as it is now (see withSnapshot). */
  async snapshot(user: AuthUser, id: string): Promise<SubmissionUpdate> {
    const view = await this.view(user, id);
    return {
      submissionId: view.id,
      kind: 'SNAPSHOT',
      status: view.status,
      stage: view.stage,
      message: view.reason ?? view.history.at(-1)?.message ?? null,
      passed: view.grade?.passed ?? null,
      accuracy: view.evaluation?.accuracy ?? null,
      epochs: view.epochs,
      queuePosition: view.queuePosition,
      estimatedWaitSeconds: view.estimatedWaitSeconds,
      at: new Date().toISOString(),
    };
  }

  /** The submission if the caller may see it (its author, or an admin); NOT_FOUND otherwise, so ids are not probed. */
  async findVisible(user: AuthUser, id: string): Promise<SubmissionEntity> {
    if (!isUuid(id)) throw new DomainError('BAD_USER_INPUT', 'id: must be a submission id (uuid)', { field: 'id' });
    const submission = await this.submissions.findOneBy({ id });
    if (!submission || (submission.userId !== user.id && user.role !== Role.ADMIN)) throw notFound(`Submission ${id}`);
    return submission;
  }

  /** Cancels a queued one at once; asks the worker running one to stop (it stops between batches). */
  async cancel(user: AuthUser, id: string): Promise<SubmissionView> {
    const submission = await this.findVisible(user, id);
    if (FINAL_STATUSES.includes(submission.status)) {
      throw new DomainError('SUBMISSION_FINISHED', `Submission ${id} already finished (${submission.status})`);
    }
    await this.submissions.update({ id }, { cancelRequested: true });
    if (submission.status === SubmissionStatus.QUEUED) {
      const job = await this.queue.getJob(id);
      const removed = job
        ? await job.remove().then(
            () => true,
            () => false,
          )
        : true;
      if (removed)
        await this.lifecycle.finish(
          id,
          { status: SubmissionStatus.CANCELLED, reason: 'Cancelled before grading started', countsAsAttempt: false },
          [SubmissionStatus.QUEUED],
        );
    }
    // A running job (or one a worker just picked up) learns of it here and at each stage change.
    await this.redis.publish(cancelChannel(this.config.QUEUE_PREFIX), id);
    return this.view(user, id);
  }

  async toViews(rows: SubmissionEntity[]): Promise<SubmissionView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const queued = rows.filter((r) => r.status === SubmissionStatus.QUEUED).map((r) => r.id);
    const [labels, events, epochs, places] = await Promise.all([
      this.exercises.labels(
        rows.map((r) => r.exerciseVersionId),
        rows.map((r) => r.exerciseId),
      ),
      this.events.find({ where: { submissionId: In(ids) }, order: { id: 'ASC' } }),
      this.epochs.find({ where: { submissionId: In(ids) }, order: { epoch: 'ASC' } }),
      this.queueEstimator.places(queued),
    ]);
    // Said only while it waits: a submission made with no worker alive is kept, not lost.
    const workers = rows.some((r) => r.status === SubmissionStatus.QUEUED)
      ? await countLiveWorkers(this.redis, this.config.QUEUE_PREFIX)
      : null;
    const notice =
      workers === 0
        ? 'No grading worker is running right now. Your submission is saved and will be graded as soon as one starts; you do not need to submit again.'
        : null;
    return rows.map((r) => ({
      id: r.id,
      notice: r.status === SubmissionStatus.QUEUED ? notice : null,
      exerciseSlug: labels.slugs.get(r.exerciseId) ?? '',
      exerciseVersion: labels.versionNumbers.get(r.exerciseVersionId) ?? 0,
      language: r.language,
      code: r.code,
      status: r.status,
      stage: r.stage,
      reason: r.reason,
      errorKind: r.errorKind,
      errorCode: r.errorCode,
      errorLine: r.errorLine,
      errorColumn: r.errorColumn,
      consoleOutput: r.consoleOutput,
      countsAsAttempt: r.countsAsAttempt,
      engine: r.engine,
      paramCount: r.paramCount,
      trainingSeconds: r.trainingSeconds,
      evaluation: r.evaluation && {
        count: r.evaluation.count,
        correct: r.evaluation.correct,
        accuracy: r.evaluation.accuracy,
        accuracyLow: r.evaluation.interval.low,
        accuracyHigh: r.evaluation.interval.high,
        loss: r.evaluation.loss,
        classNames: r.evaluation.classNames,
        perClassAccuracy: r.evaluation.perClassAccuracy.map((a) => (Number.isFinite(a) ? a : null)),
        confusion: r.evaluation.confusion,
        trainAccuracy: r.evaluation.train?.accuracy ?? null,
        trainCount: r.evaluation.train?.count ?? null,
      },
      reconstruction: r.reconstruction && {
        count: r.reconstruction.count,
        mse: r.reconstruction.mse,
        mseLow: r.reconstruction.interval.low,
        mseHigh: r.reconstruction.interval.high,
      },
      grade: r.grade && { ...r.grade, maxGap: r.grade.maxGap ?? null },
      testResults: r.grade?.tests ?? null,
      runs: (r.runs ?? []).map((run) => ({
        seed: run.seed,
        accuracy: run.accuracy,
        accuracyLow: run.interval.low,
        accuracyHigh: run.interval.high,
        trainingSeconds: run.trainingSeconds,
        epochs: run.epochs,
      })),
      closeToThreshold: r.closeToThreshold,
      gradedAccuracy: gradedAccuracy(r.runs, r.evaluation),
      queuePosition: places.get(r.id)?.position ?? null,
      estimatedWaitSeconds: places.get(r.id)?.estimatedWaitSeconds ?? null,
      epochs: epochs.filter((e) => e.submissionId === r.id),
      history: events
        .filter((e) => e.submissionId === r.id)
        .map((e) => ({ status: e.status, stage: e.stage, message: e.message, at: e.createdAt })),
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    }));
  }
}

const ANSWERS_SHAPE = 'answers: must be a JSON object like {"q1": "a", "q2": ["b", "c"], "q3": "42"}';

/** A quiz answer object with every value a string or a list of strings (numbers are taken as their text). */
function parseQuizAnswers(json: string): QuizAnswers {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new DomainError('BAD_USER_INPUT', ANSWERS_SHAPE, { field: 'answers' });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new DomainError('BAD_USER_INPUT', ANSWERS_SHAPE, { field: 'answers' });
  const text = (v: unknown, key: string): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new DomainError('BAD_USER_INPUT', `answers.${key}: must be a string or a list of strings`, {
      field: `answers.${key}`,
    });
  };
  const answers: QuizAnswers = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    answers[key] = Array.isArray(value) ? value.map((v) => text(v, key)) : text(value, key);
  }
  return answers;
}

/** Every answered question and every chosen option must exist: a typo is the candidate's to fix, not a wrong answer. */
function checkQuizAnswerIds(quiz: QuizFile, answers: QuizAnswers): void {
  const unknownQuestions = Object.keys(answers).filter((key) => !quiz.questions.some((q) => q.id === key));
  if (unknownQuestions.length > 0) {
    const list = unknownQuestions.map((k) => JSON.stringify(k)).join(', ');
    throw new DomainError(
      'BAD_USER_INPUT',
      `answers: no question has the id ${list}; the questions are ${quiz.questions.map((q) => q.id).join(', ')}`,
      { field: `answers.${unknownQuestions[0]}` },
    );
  }
  for (const q of quiz.questions) {
    const given = answers[q.id];
    if (given === undefined || q.kind === 'short' || !q.options) continue;
    const unknownOptions = (Array.isArray(given) ? given : [given]).filter(
      (o) => o !== '' && !q.options!.some((option) => option.id === o),
    );
    if (unknownOptions.length > 0) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `answers.${q.id}: no option has the id ${unknownOptions.map((o) => JSON.stringify(o)).join(', ')}; the options are ${q.options.map((o) => o.id).join(', ')}`,
        { field: `answers.${q.id}` },
      );
    }
  }
}
