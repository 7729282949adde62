import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import WebSocket from 'ws';
import { answerKey } from '../src/coding/quiz-file.js';
import { REGISTER, userInput, signedInUser } from './factories/user.factory.js';
import { waitFor as waitUntil } from './support/wait-for.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

interface Update {
  kind: string;
  status: string;
  stage: string | null;
  message: string | null;
  queuePosition: number | null;
  epochs: unknown[] | null;
}

const UPDATES = `subscription U($id: ID!) { submissionUpdated(id: $id) { kind status stage message queuePosition estimatedWaitSeconds epochs { epoch } } }`;
const SUBMIT = `mutation S($input: SubmitSolutionInput!) { submitSolution(input: $input) { id status queuePosition estimatedWaitSeconds } }`;
const HISTORY = `query H($slug: String, $status: [SubmissionStatus!], $limit: Int, $offset: Int) {
  mySubmissions(exerciseSlug: $slug, status: $status, limit: $limit, offset: $offset) { id exerciseSlug status queuePosition estimatedWaitSeconds createdAt }
  mySubmissionCount(exerciseSlug: $slug, status: $status) }`;
const PROGRESS = `query P($slugs: [String!]) { myProgress(exerciseSlugs: $slugs) { exerciseSlug state submissions attempts bestScore lastSubmittedAt } }`;

describe('candidate history, progress, queue position and subscriptions that start with the current state (API + real worker + PostgreSQL + Redis)', () => {
  let api: TestApi;
  let worker: WorkerProcess | undefined;
  let ws: Client;
  let token: string;
  const starter = readFileSync(path.resolve('exercises/stable-softmax/starter.ts'), 'utf8');
  const reference = readFileSync(path.resolve('exercises/stable-softmax/reference.ts'), 'utf8');

  const submitCoding = async (code: string) => {
    const res = await api.gql<{
      submitSolution: { id: string; status: string; queuePosition: number | null; estimatedWaitSeconds: number | null };
    }>(SUBMIT, { input: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code } }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.submitSolution;
  };

  const history = async (variables: Record<string, unknown>) => {
    const res = await api.gql<{
      mySubmissions: {
        id: string;
        exerciseSlug: string;
        status: string;
        queuePosition: number | null;
        estimatedWaitSeconds: number | null;
        createdAt: string;
      }[];
      mySubmissionCount: number;
    }>(HISTORY, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  /** Every message of one subscription, until the server completes it (or it errors). */
  const subscribe = (id: string) => {
    const updates: Update[] = [];
    let completed = false;
    const done = new Promise<Update[]>((resolve, reject) => {
      ws.subscribe<{ submissionUpdated: Update }>(
        { query: UPDATES, variables: { id } },
        {
          next: (msg) =>
            msg.errors ? reject(new Error(JSON.stringify(msg.errors))) : updates.push(msg.data!.submissionUpdated),
          error: reject,
          complete: () => {
            completed = true;
            resolve(updates);
          },
        },
      );
    });
    return { updates, done, isCompleted: () => completed };
  };

  const waitFor = <T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000) =>
    waitUntil(check, { what, timeoutMs, intervalMs: 200, log: () => worker?.output.slice(-2000) ?? '' });

  const startWorker = async () => {
    worker = await startTestWorker(api);
  };

  beforeAll(async () => {
    api = await startTestApi({ MAX_QUEUED_PER_CANDIDATE: '5' });
    token = (await signedInUser(api)).token;
    ws = createClient({
      url: api.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await ws?.dispose();
    await worker?.stop('SIGKILL');
    await api?.close();
  });

  it('shows where queued submissions stand in line, opens subscriptions with a SNAPSHOT, and ends them after the final status', async () => {
    // No worker yet: both wait; the older one is taken first.
    const first = await submitCoding(starter);
    const second = await submitCoding(`console.log("module loaded");\n${reference}`);
    expect(first.queuePosition).toBe(1);
    expect(second.queuePosition).toBe(2);
    // No job has finished in this fresh database: no average to estimate from.
    expect(second.estimatedWaitSeconds).toBeNull();

    const live = subscribe(second.id);
    await waitFor(() => (live.updates.length > 0 ? true : undefined), 'the snapshot');
    expect(live.updates[0]).toMatchObject({ kind: 'SNAPSHOT', status: 'QUEUED', queuePosition: 2, epochs: [] });

    await startWorker();
    const updates = await live.done;
    expect(live.isCompleted()).toBe(true);
    expect(updates.at(-1)!.status).toBe('PASSED');
    expect(updates.filter((u) => u.kind === 'STATUS').map((u) => u.status)).toEqual(
      expect.arrayContaining(['RUNNING', 'PASSED']),
    );

    // Opened on a finished submission: one SNAPSHOT with the final state, then the end.
    const late = subscribe(first.id);
    const lateUpdates = await late.done;
    expect(lateUpdates).toHaveLength(1);
    expect(lateUpdates[0]).toMatchObject({ kind: 'SNAPSHOT', status: 'FAILED', queuePosition: null });
    expect(lateUpdates[0]!.message).toMatch(/of \d+ tests/);

    // What the code printed is stored with the submission; a compile error keeps its line and column.
    const SHOW =
      'query($id: ID!) { submission(id: $id) { status errorCode errorLine errorColumn consoleOutput countsAsAttempt } }';
    const shown = await api.gql<{ submission: Record<string, unknown> }>(SHOW, { id: second.id }, token);
    expect(shown.data!.submission).toMatchObject({
      status: 'PASSED',
      consoleOutput: 'module loaded\n',
      errorLine: null,
    });
    const broken = await submitCoding('export default function softmax(x: number[] {\n  return x;\n}');
    const brokenFinal = await waitFor(async () => {
      const s = (await api.gql<{ submission: Record<string, unknown> }>(SHOW, { id: broken.id }, token)).data!
        .submission;
      return ['QUEUED', 'RUNNING'].includes(s.status as string) ? undefined : s;
    }, 'the broken submission to finish');
    expect(brokenFinal).toMatchObject({
      status: 'ERROR',
      errorCode: 'COMPILE_ERROR',
      errorLine: 1,
      errorColumn: expect.any(Number),
      consoleOutput: '',
      countsAsAttempt: true,
    });

    // With jobs finished, a new queued submission gets an estimate (the worker is gone, so it waits).
    expect(await worker!.stop('SIGTERM')).toBe(0);
    worker = undefined;
    const third = await submitCoding(starter);
    expect(third.queuePosition).toBe(1);
    expect(third.estimatedWaitSeconds).toEqual(expect.any(Number));
    expect(third.estimatedWaitSeconds).toBeGreaterThanOrEqual(1);
    const cancelled = await api.gql(
      'mutation($id: ID!) { cancelSubmission(id: $id) { status } }',
      { id: third.id },
      token,
    );
    expect(cancelled.errors).toBeUndefined();
    const after = await history({ slug: 'stable-softmax', status: ['CANCELLED'] });
    expect(after.mySubmissions.map((s) => [s.id, s.queuePosition])).toEqual([[third.id, null]]);
  }, 120_000);

  it('pages through every submission across exercises, filtered by exercise and status, and reports progress per exercise in one query', async () => {
    const key = answerKey(parseYaml(readFileSync(path.resolve('exercises/overfitting-check/quiz.yaml'), 'utf8')));
    const ANSWER = 'mutation($s: String!, $a: String!) { answerQuiz(exerciseSlug: $s, answers: $a) { id status } }';
    const quizWrong = await api.gql<{ answerQuiz: { id: string } }>(ANSWER, { s: 'overfitting-check', a: '{}' }, token);
    const quizRight = await api.gql<{ answerQuiz: { id: string; status: string } }>(
      ANSWER,
      { s: 'overfitting-check', a: JSON.stringify(key) },
      token,
    );
    expect(quizRight.data!.answerQuiz.status).toBe('PASSED');

    const all = await history({ limit: 100 });
    expect(all.mySubmissionCount).toBe(6);
    expect(all.mySubmissions).toHaveLength(6);
    expect(new Set(all.mySubmissions.map((s) => s.exerciseSlug))).toEqual(
      new Set(['stable-softmax', 'overfitting-check']),
    );
    // Newest first.
    expect(all.mySubmissions[0]!.id).toBe(quizRight.data!.answerQuiz.id);
    expect(all.mySubmissions[1]!.id).toBe(quizWrong.data!.answerQuiz.id);
    const times = all.mySubmissions.map((s) => Date.parse(s.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const pageOne = await history({ limit: 2, offset: 0 });
    const pageTwo = await history({ limit: 2, offset: 2 });
    const pageThree = await history({ limit: 3, offset: 4 });
    expect([...pageOne.mySubmissions, ...pageTwo.mySubmissions, ...pageThree.mySubmissions].map((s) => s.id)).toEqual(
      all.mySubmissions.map((s) => s.id),
    );
    expect(pageThree.mySubmissions).toHaveLength(2);

    const coding = await history({ slug: 'stable-softmax' });
    expect(coding.mySubmissions.map((s) => s.status).sort()).toEqual(['CANCELLED', 'ERROR', 'FAILED', 'PASSED']);
    const passed = await history({ status: ['PASSED'] });
    expect(passed.mySubmissionCount).toBe(2);
    expect(passed.mySubmissions.every((s) => s.status === 'PASSED')).toBe(true);
    const failedQuiz = await history({ slug: 'overfitting-check', status: ['FAILED', 'ERROR'] });
    expect(failedQuiz.mySubmissions.map((s) => s.id)).toEqual([quizWrong.data!.answerQuiz.id]);

    const tooMany = await api.gql(HISTORY, { limit: 101 }, token);
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit', limit: 100 });
    const badOffset = await api.gql(HISTORY, { offset: -1 }, token);
    expect(badOffset.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
    const unknown = await api.gql(HISTORY, { slug: 'no-such-exercise' }, token);
    expect(unknown.errors![0]!.extensions!.code).toBe('NOT_FOUND');

    const progress = await api.gql<{
      myProgress: {
        exerciseSlug: string;
        state: string;
        submissions: number;
        attempts: number;
        bestScore: number | null;
      }[];
    }>(PROGRESS, { slugs: ['stable-softmax', 'overfitting-check', 'im2col'] }, token);
    expect(progress.errors).toBeUndefined();
    const bySlug = Object.fromEntries(progress.data!.myProgress.map((p) => [p.exerciseSlug, p]));
    expect(bySlug['stable-softmax']).toMatchObject({ state: 'SOLVED', submissions: 4, attempts: 3, bestScore: 100 });
    expect(bySlug['overfitting-check']).toMatchObject({ state: 'SOLVED', submissions: 2, attempts: 2 });
    expect(bySlug['im2col']).toMatchObject({ state: 'NEW', submissions: 0, attempts: 0, bestScore: null });

    // Another candidate starts from nothing and sees none of this.
    const other = (await api.gql<{ register: { token: string } }>(REGISTER, { input: userInput() })).data!.register
      .token;
    const theirs = await api.gql<{ mySubmissionCount: number; myProgress: unknown[] }>(
      '{ mySubmissionCount myProgress { exerciseSlug } }',
      {},
      other,
    );
    expect(theirs.data).toEqual({ mySubmissionCount: 0, myProgress: [] });
    const started = await api.gql(
      `mutation { answerQuiz(exerciseSlug: "overfitting-check", answers: "{}") { status } }`,
      {},
      other,
    );
    expect(started.errors).toBeUndefined();
    const attempted = await api.gql<{ myProgress: { exerciseSlug: string; state: string }[] }>(
      '{ myProgress { exerciseSlug state } }',
      {},
      other,
    );
    expect(attempted.data!.myProgress).toEqual([{ exerciseSlug: 'overfitting-check', state: 'ATTEMPTED' }]);
  }, 60_000);

  it('refuses a subscription to a submission that is not yours, as NOT_FOUND', async () => {
    const mine = (await history({ limit: 1 })).mySubmissions[0]!.id;
    const other = (await api.gql<{ register: { token: string } }>(REGISTER, { input: userInput() })).data!.register
      .token;
    const stranger = createClient({
      url: api.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${other}` },
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<unknown>((resolve) => {
        stranger.subscribe(
          { query: UPDATES, variables: { id: mine } },
          { next: (msg) => resolve(msg), error: (e) => resolve(e), complete: () => resolve('complete') },
        );
      });
      expect(JSON.stringify(result)).toMatch(/"code":"NOT_FOUND"/);
    } finally {
      await stranger.dispose();
    }
  }, 30_000);
});
