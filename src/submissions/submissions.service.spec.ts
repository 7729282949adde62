import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  autoMock,
  mockDatabase,
  newTestService,
  partial,
  type MockedStore,
} from '../../test/support/unit/new-test-service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import type { AppConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import type { PublishedExercise } from '../exercises/exercises.service.js';
import { SubmissionEventEntity } from './submission-event.entity.js';
import { SubmissionEntity } from './submission.entity.js';
import { SubmissionLanguage, SubmissionStatus } from './submission.types.js';
import { ProgressState } from './submission.view.js';
import { SubmissionsService } from './submissions.service.js';

const me: AuthUser = { id: 'u-1', role: Role.CANDIDATE, email: 'me@x.test' };
const admin: AuthUser = { id: 'root', role: Role.ADMIN, email: 'root@x.test' };
const ID = '11111111-2222-4333-8444-555555555555';
const config = { MAX_QUEUED_PER_CANDIDATE: 3, PRACTICE_ATTEMPTS_PER_HOUR: 10, QUEUE_PREFIX: 'tdojo' } as AppConfig;

const quiz = {
  questions: [
    {
      id: 'q1',
      kind: 'single',
      text: { en: 'Pick', 'zh-CN': '选' },
      options: [
        { id: 'a', text: { en: 'A', 'zh-CN': 'A' } },
        { id: 'b', text: { en: 'B', 'zh-CN': 'B' } },
      ],
      answer: 'a',
      explanation: { en: 'Because', 'zh-CN': '因为' },
    },
    {
      id: 'q2',
      kind: 'short',
      text: { en: 'Say', 'zh-CN': '说' },
      accept: ['42'],
      explanation: { en: 'E', 'zh-CN': 'E' },
    },
  ],
};
const exerciseOf = (type: ExerciseType, version: object = {}) =>
  ({
    exercise: { id: 'ex-1', slug: 'softmax', type },
    version: { id: 'v-new', quiz: null, threshold: null, ...version },
  }) as unknown as PublishedExercise;
const row = (over: Partial<SubmissionEntity> = {}) =>
  ({
    id: ID,
    userId: me.id,
    exerciseId: 'ex-1',
    exerciseVersionId: 'v-new',
    language: 'TYPESCRIPT',
    code: 'x',
    status: SubmissionStatus.QUEUED,
    evaluation: null,
    runs: null,
    createdAt: new Date(0),
    ...over,
  }) as SubmissionEntity;

function setup() {
  const { sut, mocks } = newTestService(SubmissionsService, { 0: config });
  const [, db, submissions, events, epochs, queue, redis, exercises, lifecycle, attempts, queueEstimator, repository] =
    mocks;
  const { repo, em } = mockDatabase(db);
  em.count.mockResolvedValue(0);
  em.create.mockImplementation((_e: unknown, v: object) => v);
  em.save.mockImplementation(async (_e: unknown, v: object) => ({ ...v, id: ID }));
  repository.practiceAttemptsLastHour.mockResolvedValue(undefined);
  // What view() reads back.
  submissions.findOneBy.mockResolvedValue(row());
  exercises.labels.mockResolvedValue({
    versionNumbers: new Map([['v-new', 2]]),
    slugs: new Map([['ex-1', 'softmax']]),
  });
  events.find.mockResolvedValue([]);
  epochs.find.mockResolvedValue([]);
  queueEstimator.places.mockResolvedValue(new Map());
  redis.scan.mockResolvedValue(partial(['0', ['tdojo:worker:w1']]));
  redis.mget.mockResolvedValue(partial(['{"id":"w1"}']));
  queue.add.mockResolvedValue(partial({}));
  return {
    sut,
    db,
    repo,
    em,
    submissions,
    events,
    epochs,
    queue,
    redis,
    exercises,
    lifecycle,
    attempts,
    queueEstimator,
    repository,
  };
}
type Setup = ReturnType<typeof setup>;
const input = (over: object = {}) => ({
  exerciseSlug: 'softmax',
  language: SubmissionLanguage.TYPESCRIPT,
  code: 'x',
  ...over,
});

describe('SubmissionsService.submit', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
    t.exercises.published.mockResolvedValue(exerciseOf(ExerciseType.CODING));
  });

  it('stores the submission QUEUED with its first event, under the candidate lock, then enqueues it by id', async () => {
    const view = await t.sut.submit(me, input());
    expect(t.repository.lockCandidate.mock.calls).toEqual([[t.em, 'submit', me.id]]);
    expect(t.em.save).toHaveBeenCalledWith(
      SubmissionEntity,
      expect.objectContaining({ userId: me.id, exerciseVersionId: 'v-new', invitationId: null, status: 'QUEUED' }),
    );
    expect(t.em.insert).toHaveBeenCalledWith(SubmissionEventEntity, {
      submissionId: ID,
      status: 'QUEUED',
      message: 'Waiting for a worker',
    });
    expect(t.queue.add).toHaveBeenCalledWith('grade', { submissionId: ID }, expect.objectContaining({ jobId: ID }));
    expect(view).toMatchObject({ id: ID, status: 'QUEUED', exerciseSlug: 'softmax', exerciseVersion: 2, notice: null });
  });

  it('keeps the submission when the queue is down (the sweeper enqueues it later)', async () => {
    t.queue.add.mockRejectedValue(new Error('redis away'));
    await expect(t.sut.submit(me, input())).resolves.toMatchObject({ id: ID });
    expect(t.em.save).toHaveBeenCalled();
  });

  it('refuses practice on an exercise of an assessment in progress, before anything is stored', async () => {
    t.attempts.refusePracticeDuringAttempt.mockRejectedValue(new DomainError('ASSESSMENT_IN_PROGRESS', 'no'));
    await expect(t.sut.submit(me, input())).rejects.toMatchObject({ code: 'ASSESSMENT_IN_PROGRESS' });
    expect(t.db.transaction).not.toHaveBeenCalled();
  });

  it("in an assessment: grades the pinned version within the caller's attempt, not counted against the practice rate", async () => {
    t.attempts.attemptFor.mockResolvedValue({ invitationId: 'inv-1', exerciseVersionId: 'v-pinned' });
    await t.sut.submit(me, input({ assessmentId: 'asm-1' }));
    expect(t.exercises.published).toHaveBeenCalledWith('softmax', { includeAssessmentOnly: true });
    expect(t.attempts.refusePracticeDuringAttempt).not.toHaveBeenCalled();
    expect(t.repository.practiceAttemptsLastHour).not.toHaveBeenCalled();
    expect(t.em.save).toHaveBeenCalledWith(
      SubmissionEntity,
      expect.objectContaining({ exerciseVersionId: 'v-pinned', invitationId: 'inv-1' }),
    );
  });

  it.each([
    ['a quiz', ExerciseType.QUIZ, SubmissionLanguage.TYPESCRIPT, 'exerciseSlug'],
    ['quiz answers', ExerciseType.CODING, SubmissionLanguage.QUIZ_ANSWERS, 'language'],
    ['Keras JSON to a coding exercise', ExerciseType.CODING, SubmissionLanguage.KERAS_JSON, 'language'],
    ['Python to a model exercise', ExerciseType.MODEL, SubmissionLanguage.PYTHON, 'language'],
  ])('refuses %s (BAD_USER_INPUT on %s)', async (_what, type, language, field) => {
    t.exercises.published.mockResolvedValue(exerciseOf(type));
    await expect(t.sut.submit(me, input({ language }))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field },
    });
    expect(t.db.transaction).not.toHaveBeenCalled();
  });

  it("Python needs the graded version's Python entry: the pinned version's in an assessment", async () => {
    t.attempts.attemptFor.mockResolvedValue({ invitationId: 'inv-1', exerciseVersionId: 'v-pinned' });
    t.exercises.versionById.mockResolvedValue(partial({ id: 'v-pinned' }));
    t.exercises.requirePython.mockRejectedValue(new DomainError('BAD_USER_INPUT', 'language: no Python'));
    await expect(t.sut.submit(me, input({ language: 'PYTHON', assessmentId: 'asm-1' }))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(t.exercises.requirePython.mock.calls).toEqual([['softmax', { id: 'v-pinned' }]]);
  });

  it('refuses more waiting submissions than the limit (RATE_LIMITED with the limit)', async () => {
    t.em.count.mockResolvedValue(3);
    await expect(t.sut.submit(me, input())).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { limit: 3 } });
    expect(t.em.save).not.toHaveBeenCalled();
  });

  it('refuses practice past the hourly attempts, saying when to try again', async () => {
    t.repository.practiceAttemptsLastHour.mockResolvedValue(partial({ used: 10, retry_after: 120 }));
    await expect(t.sut.submit(me, input())).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 10, retryAfterSeconds: 120 },
    });
    t.repository.practiceAttemptsLastHour.mockResolvedValue(partial({ used: 10, retry_after: null }));
    await expect(t.sut.submit(me, input())).rejects.toMatchObject({ details: { retryAfterSeconds: 3600 } });
  });
});

describe('SubmissionsService.answerQuiz', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
    t.exercises.published.mockResolvedValue(exerciseOf(ExerciseType.QUIZ, { quiz, threshold: 0.5 }));
  });

  it('grades at once and stores a final, counted submission with its grade and one event', async () => {
    await t.sut.answerQuiz(me, 'softmax', '{"q1":"a","q2":42}', 'en');
    const saved = t.em.save.mock.calls[0]![1] as SubmissionEntity;
    expect(saved).toMatchObject({
      language: 'QUIZ_ANSWERS',
      status: 'PASSED',
      countsAsAttempt: true,
      grade: { grader: 'quiz', passed: true, score: 100, threshold: 0.5 },
    });
    expect(t.em.insert).toHaveBeenCalledWith(SubmissionEventEntity, expect.objectContaining({ status: 'PASSED' }));
    expect(t.queue.add).not.toHaveBeenCalled();
  });

  it('stores a wrong answer as FAILED', async () => {
    await t.sut.answerQuiz(me, 'softmax', '{"q1":"b"}', 'en');
    expect(t.em.save.mock.calls[0]![1]).toMatchObject({ status: 'FAILED' });
  });

  it('refuses a non-quiz exercise (BAD_USER_INPUT on exerciseSlug)', async () => {
    t.exercises.published.mockResolvedValue(exerciseOf(ExerciseType.CODING));
    await expect(t.sut.answerQuiz(me, 'softmax', '{}', 'en')).rejects.toMatchObject({
      details: { field: 'exerciseSlug' },
    });
  });

  it.each([
    ['text that is not JSON', 'nope', 'answers'],
    ['a JSON list', '["a"]', 'answers'],
    ['an answer that is an object', '{"q1":{"x":1}}', 'answers.q1'],
    ['an unknown question id', '{"q9":"a"}', 'answers.q9'],
    ['an unknown option id', '{"q1":["a","z"]}', 'answers.q1'],
  ])('refuses %s, naming the field (%s)', async (_what, json, field) => {
    await expect(t.sut.answerQuiz(me, 'softmax', json, 'en')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field },
    });
    expect(t.db.transaction).not.toHaveBeenCalled();
  });

  it("in an assessment: graded against the pinned version and tied to the caller's invitation", async () => {
    t.attempts.attemptFor.mockResolvedValue({ invitationId: 'inv-1', exerciseVersionId: 'v-pinned' });
    const pinned = partial<ExerciseVersionEntity>({ id: 'v-pinned', threshold: null });
    pinned.quiz = quiz as ExerciseVersionEntity['quiz'];
    t.exercises.versionById.mockResolvedValue(pinned);
    await t.sut.answerQuiz(me, 'softmax', '{"q1":"a"}', 'zh-CN', 'asm-1');
    expect(t.em.save.mock.calls[0]![1]).toMatchObject({ exerciseVersionId: 'v-pinned', invitationId: 'inv-1' });
    expect(t.repository.practiceAttemptsLastHour).not.toHaveBeenCalled();
  });
});

describe('SubmissionsService reading', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('refuses an id that is not a uuid (BAD_USER_INPUT on id) without a query', async () => {
    await expect(t.sut.findVisible(me, 'abc')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'id' },
    });
    expect(t.submissions.findOneBy).not.toHaveBeenCalled();
  });

  it("hides another candidate's submission as NOT_FOUND; an admin sees it", async () => {
    t.submissions.findOneBy.mockResolvedValue(row({ userId: 'someone' }));
    await expect(t.sut.findVisible(me, ID)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.sut.findVisible(admin, ID)).resolves.toMatchObject({ id: ID });
  });

  it('tells a waiting candidate when no worker is alive, with its place in the line', async () => {
    t.redis.scan.mockResolvedValue(partial(['0', []]));
    t.queueEstimator.places.mockResolvedValue(new Map([[ID, { position: 2, estimatedWaitSeconds: 60 }]]));
    const view = await t.sut.view(me, ID);
    expect(view.notice).toMatch(/No grading worker is running/);
    expect(view).toMatchObject({ queuePosition: 2, estimatedWaitSeconds: 60 });
    expect(t.queueEstimator.places).toHaveBeenCalledWith([ID]);
  });

  it('shows a graded submission with its evaluation, runs, epochs and history', async () => {
    t.submissions.findOneBy.mockResolvedValue(
      row({
        status: SubmissionStatus.PASSED,
        evaluation: {
          count: 10,
          correct: 9,
          accuracy: 0.9,
          interval: { low: 0.8, high: 0.95 },
          loss: 0.3,
          classNames: ['a', 'b'],
          perClassAccuracy: [1, Number.NaN],
          confusion: [[1]],
        },
        runs: [{ seed: 1, accuracy: 0.8, interval: { low: 0.7, high: 0.9 }, trainingSeconds: 3, epochs: [] }],
      }),
    );
    t.events.find.mockResolvedValue(
      partial([
        { submissionId: ID, status: SubmissionStatus.PASSED, stage: null, message: 'ok', createdAt: new Date(5) },
      ]),
    );
    t.epochs.find.mockResolvedValue(
      partial([
        { submissionId: ID, epoch: 1 },
        { submissionId: 'other', epoch: 1 },
      ]),
    );
    const view = await t.sut.view(me, ID);
    expect(view.evaluation).toMatchObject({ accuracyLow: 0.8, accuracyHigh: 0.95, perClassAccuracy: [1, null] });
    expect(view.runs).toEqual([
      { seed: 1, accuracy: 0.8, accuracyLow: 0.7, accuracyHigh: 0.9, trainingSeconds: 3, epochs: [] },
    ]);
    expect(view.gradedAccuracy).toBe(0.8);
    expect(view.epochs).toHaveLength(1);
    expect(view.history).toEqual([{ status: 'PASSED', stage: null, message: 'ok', at: new Date(5) }]);
    expect(t.redis.scan).not.toHaveBeenCalled();
  });

  it('a snapshot is the submission as it is now, its message the reason or the last event', async () => {
    t.events.find.mockResolvedValue(
      partial([
        { submissionId: ID, status: SubmissionStatus.QUEUED, message: 'Waiting for a worker', createdAt: new Date() },
      ]),
    );
    await expect(t.sut.snapshot(me, ID)).resolves.toMatchObject({
      submissionId: ID,
      kind: 'SNAPSHOT',
      status: 'QUEUED',
      message: 'Waiting for a worker',
      passed: null,
      accuracy: null,
    });
  });

  it('has no views for no rows, without a query', async () => {
    await expect(t.sut.toViews([])).resolves.toEqual([]);
    expect(t.events.find).not.toHaveBeenCalled();
  });

  it("pages the caller's history newest first, filtered by exercise and status", async () => {
    const qb = autoMock<MockedStore>('qb');
    for (const m of ['where', 'andWhere', 'orderBy', 'addOrderBy', 'limit', 'offset']) qb[m]!.mockReturnValue(qb);
    qb.getMany!.mockResolvedValue([]);
    qb.getCount!.mockResolvedValue(7);
    t.submissions.createQueryBuilder.mockReturnValue(partial(qb));
    t.exercises.published.mockResolvedValue(exerciseOf(ExerciseType.CODING));
    await t.sut.mine(me, { exerciseSlug: 'softmax', status: [SubmissionStatus.PASSED], limit: 5, offset: 10 });
    expect(qb.where).toHaveBeenCalledWith('s.user_id = :userId', { userId: me.id });
    expect(qb.andWhere).toHaveBeenCalledWith('s.exercise_id = :exerciseId', { exerciseId: 'ex-1' });
    expect(qb.andWhere).toHaveBeenCalledWith('s.status IN (:...status)', { status: ['PASSED'] });
    expect(qb.orderBy).toHaveBeenCalledWith('s.created_at', 'DESC');
    expect(qb.limit).toHaveBeenCalledWith(5);
    expect(qb.offset).toHaveBeenCalledWith(10);
    await expect(t.sut.countMine(me, {})).resolves.toBe(7);
    expect(qb.andWhere).toHaveBeenCalledTimes(2);
  });

  it('progress: solved or attempted per exercise submitted to, NEW for each other slug asked for, once', async () => {
    t.repository.progressRows.mockResolvedValue(
      partial([
        { slug: 'a', solved: true, submissions: 3, attempts: 2, best_score: 100, last_submitted_at: new Date(1) },
        { slug: 'b', solved: false, submissions: 1, attempts: 1, best_score: 10, last_submitted_at: new Date(2) },
      ]),
    );
    const views = await t.sut.progress(me, ['a', 'c', 'c']);
    expect(views.map((v) => [v.exerciseSlug, v.state])).toEqual([
      ['a', ProgressState.SOLVED],
      ['b', ProgressState.ATTEMPTED],
      ['c', ProgressState.NEW],
    ]);
    expect(views[2]).toMatchObject({ submissions: 0, attempts: 0, bestScore: null });
  });
});

describe('SubmissionsService.cancel', () => {
  let t: Setup;
  beforeEach(() => {
    t = setup();
  });

  it('refuses a finished submission (SUBMISSION_FINISHED) and changes nothing', async () => {
    t.submissions.findOneBy.mockResolvedValue(row({ status: SubmissionStatus.PASSED }));
    await expect(t.sut.cancel(me, ID)).rejects.toMatchObject({ code: 'SUBMISSION_FINISHED' });
    expect(t.submissions.update).not.toHaveBeenCalled();
  });

  it('cancels a queued one at once: flag set, job removed, finished CANCELLED (not an attempt), workers told', async () => {
    const job = { remove: async () => undefined };
    t.queue.getJob.mockResolvedValue(partial(job));
    await t.sut.cancel(me, ID);
    expect(t.submissions.update).toHaveBeenCalledWith({ id: ID }, { cancelRequested: true });
    expect(t.lifecycle.finish).toHaveBeenCalledWith(
      ID,
      { status: SubmissionStatus.CANCELLED, reason: 'Cancelled before grading started', countsAsAttempt: false },
      [SubmissionStatus.QUEUED],
    );
    expect(t.redis.publish).toHaveBeenCalledWith('tdojo:cancel', ID);
  });

  it('leaves a queued job a worker holds (it cannot be removed) to that worker', async () => {
    t.queue.getJob.mockResolvedValue(partial({ remove: async () => Promise.reject(new Error('locked')) }));
    await t.sut.cancel(me, ID);
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
    expect(t.redis.publish).toHaveBeenCalledWith('tdojo:cancel', ID);
  });

  it('asks the worker running one to stop, without finishing it here', async () => {
    t.submissions.findOneBy.mockResolvedValue(row({ status: SubmissionStatus.RUNNING }));
    await t.sut.cancel(me, ID);
    expect(t.queue.getJob).not.toHaveBeenCalled();
    expect(t.lifecycle.finish).not.toHaveBeenCalled();
    expect(t.redis.publish).toHaveBeenCalledWith('tdojo:cancel', ID);
  });

  it('finishes a queued one whose job is already gone', async () => {
    t.queue.getJob.mockResolvedValue(partial(undefined));
    await t.sut.cancel(me, ID);
    expect(t.lifecycle.finish).toHaveBeenCalled();
  });
});
