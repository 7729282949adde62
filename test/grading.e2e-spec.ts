import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { answerKey } from '../src/coding/quiz-file.js';
import WebSocket from 'ws';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { GRADING_QUEUE } from '../src/submissions/grading-queue.js';
import { REGISTER, userInput } from './factories/user.factory.js';
import {
  infiniteLoop,
  smallDenseModel,
  SUBMISSION,
  SUBMIT,
  FINAL_STATUSES,
  waitForFinalSubmission,
} from './factories/submission.factory.js';
import { waitFor as waitUntil } from './support/wait-for.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { contentWithTinyExercise, TINY_EXERCISE } from './support/test-content.js';
import { WorkerProcess } from './support/worker-process.js';

interface Update {
  kind: string;
  status: string;
  stage: string | null;
  message: string | null;
  epoch: { epoch: number; loss: number } | null;
  passed: boolean | null;
}

const UPDATES = `subscription U($id: ID!) { submissionUpdated(id: $id) { kind status stage message epoch { epoch loss accuracy } passed accuracy at } }`;

describe('grading pipeline: API + real worker process + PostgreSQL + Redis + sandbox + wasm training on real CIFAR-10', () => {
  let api: TestApi;
  let content: ReturnType<typeof contentWithTinyExercise>;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];
  let ws: Client;
  let token: string;
  let userId: string;

  const startWorker = async () => {
    const w = new WorkerProcess(workerEnv);
    workers.push(w);
    await w.start();
    return w;
  };

  const submit = async (code: string, as = token) => {
    const res = await api.gql<{ submitSolution: { id: string; status: string } }>(
      SUBMIT,
      { input: { exerciseSlug: TINY_EXERCISE, language: 'JAVASCRIPT', code } },
      as,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.submitSolution;
  };

  const fetchSubmission = async (id: string) => {
    const res = await api.gql<{ submission: Record<string, any> }>(SUBMISSION, { id }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.submission;
  };

  const waitFor = <T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> =>
    waitUntil(check, { what, timeoutMs, log: () => workers.map((w) => w.output.slice(-2000)).join('\n---\n') });

  const waitFinal = (id: string, timeoutMs = 120_000) =>
    waitForFinalSubmission(api, id, token, {
      timeoutMs,
      log: () => workers.map((w) => w.output.slice(-2000)).join('\n---\n'),
    });

  /** Collects live updates of one submission until it reaches a final status. */
  const collectUpdates = (id: string) => {
    const updates: Update[] = [];
    let snapshotSeen!: () => void;
    const snapshot = new Promise<void>((resolve) => (snapshotSeen = resolve));
    const done = new Promise<Update[]>((resolve, reject) => {
      ws.subscribe<{ submissionUpdated: Update }>(
        { query: UPDATES, variables: { id } },
        {
          next: (msg) => {
            if (msg.errors) return reject(new Error(JSON.stringify(msg.errors)));
            const u = msg.data!.submissionUpdated;
            updates.push(u);
            snapshotSeen();
            if (FINAL_STATUSES.includes(u.status)) resolve(updates);
          },
          error: reject,
          complete: () => resolve(updates),
        },
      );
    });
    return { updates, snapshot, done };
  };

  beforeAll(async () => {
    content = contentWithTinyExercise();
    api = await startTestApi({ CONTENT_DIR: content.dir, MAX_QUEUED_PER_CANDIDATE: '3' });
    workerEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: api.databaseUrl,
      QUEUE_PREFIX: api.config.QUEUE_PREFIX,
      CONTENT_DIR: content.dir,
      WORKER_CONCURRENCY: '1',
      JOB_LOCK_SECONDS: '4',
      SWEEP_INTERVAL_SECONDS: '2',
    };
    const reg = await api.gql<{ register: { token: string; user: { id: string } } }>(REGISTER, { input: userInput() });
    token = reg.data!.register.token;
    userId = reg.data!.register.user.id;
    ws = createClient({
      url: api.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    await startWorker();
  }, 120_000);

  afterAll(async () => {
    await ws?.dispose();
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await api?.close();
    content?.remove();
  });

  it('takes a submission from QUEUED through RUNNING with live per-epoch updates to a stored grade', async () => {
    // The idle worker would take the job before the answer is read back (CI once saw RUNNING here):
    // hold the queue until the subscription has its snapshot, so every stage is seen.
    const queue = api.app.get<Queue>(getQueueToken(GRADING_QUEUE));
    await queue.pause();
    let updates: Update[];
    let created: { id: string; status: string };
    try {
      created = await submit(smallDenseModel(2));
      expect(created.status).toBe('QUEUED');
      const live = collectUpdates(created.id);
      await live.snapshot;
      expect(live.updates[0]).toMatchObject({ kind: 'SNAPSHOT', status: 'QUEUED' });
      await queue.resume();
      updates = await live.done;
    } finally {
      await queue.resume();
    }

    const stages = updates.filter((u) => u.kind === 'STATUS' && u.status === 'RUNNING').map((u) => u.stage);
    expect(stages).toEqual(expect.arrayContaining(['TRAIN', 'GRADE']));
    const epochs = updates.filter((u) => u.kind === 'EPOCH').map((u) => u.epoch!.epoch);
    expect(epochs).toEqual([1, 2]);
    const final = updates.at(-1)!;
    expect(['PASSED', 'FAILED']).toContain(final.status);

    const stored = await fetchSubmission(created.id);
    expect(stored.status).toBe(final.status);
    expect(stored.countsAsAttempt).toBe(true);
    expect(stored.paramCount).toBe(3072 * 32 + 32 + 32 * 10 + 10);
    expect(stored.engine).toMatch(/native|wasm|tfjs-node/);
    expect(stored.epochs).toHaveLength(2);
    expect(stored.evaluation.count).toBe(500);
    expect(stored.evaluation.accuracyLow).toBeLessThan(stored.evaluation.accuracy);
    expect(stored.evaluation.accuracyHigh).toBeGreaterThan(stored.evaluation.accuracy);
    expect(stored.evaluation.confusion).toHaveLength(10);
    expect(stored.grade.passed).toBe(stored.status === 'PASSED');
    expect(stored.grade.summary).toMatch(/%/);
    expect(stored.history.map((h: { status: string }) => h.status)).toEqual(
      expect.arrayContaining(['QUEUED', 'RUNNING', stored.status]),
    );
    // A chance-level model scores ~10 %; this one must have learnt something on the real data.
    expect(stored.evaluation.accuracy).toBeGreaterThan(0.15);
  }, 180_000);

  it("ends a hostile submission (an endless loop) in a clear ERROR, counted as the candidate's attempt, and serves the next job", async () => {
    const loop = await submit(infiniteLoop);
    const failed = await waitFinal(loop.id);
    expect(failed.status).toBe('ERROR');
    expect(failed.errorKind).toBe('CANDIDATE');
    expect(failed.errorCode).toBe('TIMEOUT');
    expect(failed.reason).toMatch(/time/i);
    expect(failed.countsAsAttempt).toBe(true);

    const next = await submit(smallDenseModel(1));
    const graded = await waitFinal(next.id);
    expect(['PASSED', 'FAILED']).toContain(graded.status);
  }, 180_000);

  it('refuses more waiting submissions than the cap with a clear error, and cancels a queued one', async () => {
    const other = (await api.gql<{ register: { token: string } }>(REGISTER, { input: userInput() })).data!.register
      .token;
    const ids: string[] = [];
    const input = { exerciseSlug: TINY_EXERCISE, language: 'JAVASCRIPT', code: smallDenseModel(3) };
    // The worker may take one of them at any moment; the cap counts waiting ones only.
    let refused: Awaited<ReturnType<typeof api.gql>> | undefined;
    for (let i = 0; i < 6 && !refused; i++) {
      const res = await api.gql<{ submitSolution: { id: string } }>(SUBMIT, { input }, other);
      if (res.errors) refused = res;
      else ids.push(res.data!.submitSolution.id);
    }
    expect(refused).toBeDefined();
    expect(refused!.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3 });
    expect(refused!.errors![0]!.message).toMatch(/limit is 3/);
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    const waiting = (
      await db.query(`SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1) AND status = 'QUEUED'`, [ids])
    ).rows[0].n;
    await db.end();
    expect(waiting).toBeGreaterThanOrEqual(2); // one may have started between the refusal and this count
    expect(waiting).toBeLessThanOrEqual(3);

    for (const id of ids) {
      const res = await api.gql<{ cancelSubmission: { status: string } }>(
        'mutation($id: ID!) { cancelSubmission(id: $id) { status } }',
        { id },
        other,
      );
      expect(res.errors).toBeUndefined();
    }
    // A candidate sees only their own submissions.
    const foreign = await api.gql('query($id: ID!) { submission(id: $id) { id code } }', { id: ids[0] }, token);
    expect(foreign.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const statuses = await Promise.all(
      ids.map(
        async (id) =>
          (
            await api.gql<{ submission: { status: string; countsAsAttempt: boolean } }>(
              'query($id: ID!) { submission(id: $id) { status countsAsAttempt } }',
              { id },
              other,
            )
          ).data!.submission,
      ),
    );
    await waitFor(
      async () => {
        const all = await Promise.all(
          ids.map(
            async (id) =>
              (
                await api.gql<{ submission: { status: string } }>(
                  'query($id: ID!) { submission(id: $id) { status } }',
                  { id },
                  other,
                )
              ).data!.submission.status,
          ),
        );
        return all.every((s) => s === 'CANCELLED') ? true : undefined;
      },
      30_000,
      'all three to be cancelled',
    );
    expect(statuses.every((s) => !s.countsAsAttempt)).toBe(true);
  }, 120_000);

  it('stops a running submission within seconds when it is cancelled', async () => {
    const created = await submit(smallDenseModel(3));
    await waitFor(
      async () => ((await fetchSubmission(created.id)).stage === 'TRAIN' ? true : undefined),
      60_000,
      'training to start',
    );
    const asked = Date.now();
    await api.gql('mutation($id: ID!) { cancelSubmission(id: $id) { status } }', { id: created.id }, token);
    const final = await waitFinal(created.id, 30_000);
    expect(final.status).toBe('CANCELLED');
    expect(final.countsAsAttempt).toBe(false);
    expect(Date.now() - asked).toBeLessThan(15_000);
  }, 120_000);

  it('finishes on another worker a submission whose worker was killed with SIGKILL mid-training, without counting an extra attempt', async () => {
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    const attempts = async () =>
      Number(
        (await db.query(`SELECT count(*) FROM submissions WHERE user_id = $1 AND counts_as_attempt`, [userId])).rows[0]
          .count,
      );
    try {
      const before = await attempts();
      const created = await submit(smallDenseModel(3));
      const { updates, done } = collectUpdates(created.id);
      await waitFor(
        async () => (updates.some((u) => u.kind === 'EPOCH') ? true : undefined),
        90_000,
        'the first epoch',
      );
      const first = workers[0]!;
      expect(await first.stop('SIGKILL')).toBe('SIGKILL');
      const second = await startWorker();
      const finalUpdates = await done;
      const final = await fetchSubmission(created.id);
      expect(['PASSED', 'FAILED']).toContain(final.status);
      expect(finalUpdates.at(-1)!.status).toBe(final.status);
      expect(final.history.some((h: { message: string | null }) => /another worker/i.test(h.message ?? ''))).toBe(true);
      expect(final.epochs).toHaveLength(3);
      expect(await attempts()).toBe(before + 1);
      expect(second.pid).not.toBe(first.pid);
    } finally {
      await db.end();
    }
  }, 240_000);

  it('grades a CODING exercise by running the function in the sandbox: the reference passes every test, the starter fails and hears only a count of hidden tests', async () => {
    const shown = await api.gql<{
      exercise: {
        type: string;
        entry: string;
        hiddenTestCount: number;
        visibleTests: { name: string; input: string; expected: string | null }[];
      };
    }>(
      '{ exercise(slug: "stable-softmax") { type entry hiddenTestCount visibleTests { name input expected throws } } }',
    );
    expect(shown.errors).toBeUndefined();
    expect(shown.data!.exercise.type).toBe('CODING');
    expect(shown.data!.exercise.visibleTests.length).toBeGreaterThanOrEqual(3);
    expect(shown.data!.exercise.hiddenTestCount).toBeGreaterThanOrEqual(5);

    const read = (f: string) => readFileSync(path.resolve('exercises/stable-softmax', f), 'utf8');
    const send = async (code: string, language = 'TYPESCRIPT') =>
      api.gql<{ submitSolution: { id: string } }>(
        SUBMIT,
        { input: { exerciseSlug: 'stable-softmax', language, code } },
        token,
      );
    const keras = await send('{}', 'KERAS_JSON');
    expect(keras.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });

    const good = await waitFinal((await send(read('reference.ts'))).data!.submitSolution.id);
    expect(good.status).toBe('PASSED');
    expect(good.grade.score).toBe(100);
    const bad = await waitFinal((await send(read('starter.ts'))).data!.submitSolution.id);
    expect(bad.status).toBe('FAILED');
    expect(bad.grade.feedback.join('\n')).toMatch(/hidden tests? passed/);
  }, 120_000);

  it('grades a quiz at once, with an explanation per question', async () => {
    const quiz = await api.gql<{ exercise: { questions: { id: string; kind: string; options: { id: string }[] }[] } }>(
      '{ exercise(slug: "overfitting-check") { questions { id kind text options { id text } } } }',
    );
    expect(quiz.errors).toBeUndefined();
    const questions = quiz.data!.exercise.questions;
    expect(JSON.stringify(questions)).not.toMatch(/"(answer|accept|explanation)":/);
    const key = answerKey(parseYaml(readFileSync(path.resolve('exercises/overfitting-check/quiz.yaml'), 'utf8')));
    const ANSWER =
      'mutation($s: String!, $a: String!) { answerQuiz(exerciseSlug: $s, answers: $a) { status countsAsAttempt grade { passed score feedback } } }';
    const right = await api.gql<{ answerQuiz: { status: string; grade: { score: number; feedback: string[] } } }>(
      ANSWER,
      { s: 'overfitting-check', a: JSON.stringify(key) },
      token,
    );
    expect(right.errors).toBeUndefined();
    expect(right.data!.answerQuiz.status).toBe('PASSED');
    expect(right.data!.answerQuiz.grade.score).toBe(100);
    expect(right.data!.answerQuiz.grade.feedback.length).toBeGreaterThanOrEqual(questions.length);
    const wrong = await api.gql<{ answerQuiz: { status: string } }>(
      ANSWER,
      { s: 'overfitting-check', a: JSON.stringify({}) },
      token,
    );
    expect(wrong.data!.answerQuiz.status).toBe('FAILED');
    const malformed = await api.gql(ANSWER, { s: 'overfitting-check', a: '[1,2' }, token);
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answers' });
    const nested = await api.gql(
      ANSWER,
      { s: 'overfitting-check', a: JSON.stringify({ patience: { sneaky: 1 } }) },
      token,
    );
    expect(nested.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answers.patience' });
  }, 60_000);

  it('exits cleanly on SIGTERM', async () => {
    const w = workers.at(-1)!;
    expect(await w.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
