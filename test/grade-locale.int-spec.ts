/**
 * A grade is written once by the worker and read in the reader's language: the Grade fields
 * `summary` and `feedback` take a locale (zh-CN pages showed English grades before).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { gradeUnitTests } from '../src/graders/index.js';
import { SubmissionStatus } from '../src/submissions/submission.types.js';
import { createExercise } from './factories/exercise.factory.js';
import { createSubmission } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const GRADE = `query($id: ID!, $locale: String) { submission(id: $id) {
  grade { passed summary(locale: $locale) feedback(locale: $locale) } } }`;

describe("grade text in the reader's locale (real PostgreSQL)", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('serves a stored grade in English by default and in Chinese for zh-CN, and refuses an unknown locale', async () => {
    const rows = api.app.get(DataSource);
    const { version } = await createExercise(rows);
    const me = await signedInUser(api);
    const grade = gradeUnitTests({
      run: {
        score: 0.5,
        passed: 1,
        total: 2,
        millis: 3,
        console: { text: '', truncated: false },
        results: [
          { name: 'adds', hidden: false, passed: true, millis: 1 },
          { name: 'secret', hidden: true, passed: false, millis: 1, message: 'wrong' },
        ],
      },
      tests: [],
    });
    const { id } = await createSubmission(rows, {
      user: me.user,
      version,
      status: SubmissionStatus.FAILED,
      row: { grade: { grader: 'unit-tests', threshold: 1, ...grade } },
    });

    const en = await api.gql<{ submission: { grade: { summary: string; feedback: string[] } } }>(
      GRADE,
      { id },
      me.token,
    );
    expect(en.errors).toBeUndefined();
    expect(en.data!.submission.grade.summary).toBe('Failed: 1 of 2 tests (50 %) — all tests needed');
    expect(en.data!.submission.grade.feedback).toContain('0 of 1 hidden tests passed.');

    const zh = await api.gql<{ submission: { grade: { summary: string; feedback: string[] } } }>(
      GRADE,
      { id, locale: 'zh-CN' },
      me.token,
    );
    expect(zh.errors).toBeUndefined();
    expect(zh.data!.submission.grade.summary).toBe('未通过：2 个测试通过 1 个（50 %），需要全部测试通过');
    expect(zh.data!.submission.grade.feedback).toContain('隐藏测试 1 个，通过 0 个。');
    expect(zh.data!.submission.grade.feedback).toHaveLength(en.data!.submission.grade.feedback.length);

    const bad = await api.gql(GRADE, { id, locale: 'fr' }, me.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
