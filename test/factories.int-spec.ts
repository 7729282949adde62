/**
 * The row factories make rows the API reads as its own: a factory exercise is served, factory
 * submissions in every status are listed to their author, a factory invitation opens, and a
 * factory account signs in with its role.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SubmissionStatus } from '../src/submissions/submission.types.js';
import { Role } from '../src/access/role.enum.js';
import { createAssessment, createInvitation } from './factories/assessment.factory.js';
import { createExercise } from './factories/exercise.factory.js';
import { createSubmission } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

describe('row factories (real PostgreSQL)', () => {
  let api: TestApi;
  let rows: DataSource;

  beforeAll(async () => {
    api = await startTestApi();
    rows = api.app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('makes an account that signs in with its role', async () => {
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    const me = await api.gql<{ me: { email: string; role: string } }>(
      '{ me { email role } }',
      undefined,
      manager.token,
    );
    expect(me.data!.me).toEqual({ email: manager.email, role: 'HIRING_MANAGER' });
  });

  it('makes a published exercise and submissions in every status, listed to their author only', async () => {
    const { exercise, version } = await createExercise(rows);
    const served = await api.gql<{ exercise: { slug: string } }>('query($s: String!) { exercise(slug: $s) { slug } }', {
      s: exercise.slug,
    });
    expect(served.data!.exercise.slug).toBe(exercise.slug);

    const author = await signedInUser(api);
    const other = await signedInUser(api);
    for (const status of Object.values(SubmissionStatus))
      await createSubmission(rows, { user: author.user, version, status });
    await createSubmission(rows, { user: other.user, version });
    const MINE = 'query($s: String!) { mySubmissions(exerciseSlug: $s) { status countsAsAttempt } }';
    const mine = await api.gql<{ mySubmissions: { status: string; countsAsAttempt: boolean }[] }>(
      MINE,
      { s: exercise.slug },
      author.token,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.mySubmissions.map((s) => s.status).sort()).toEqual(Object.values(SubmissionStatus).sort());
    expect(mine.data!.mySubmissions.filter((s) => s.countsAsAttempt)).toHaveLength(2);
  });

  it('makes an assessment whose invitation opens for the invited candidate', async () => {
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    const { version } = await createExercise(rows);
    const assessment = await createAssessment(rows, {
      manager: manager.user,
      versions: [version],
      title: 'Factory hiring',
    });
    const candidate = await signedInUser(api);
    const { token } = await createInvitation(rows, assessment, { candidate: candidate.user });
    const started = await api.gql<{ startAssessment: { title: string; exercises: { slug: string }[] } }>(
      'mutation($t: String!) { startAssessment(token: $t) { title exercises { slug } } }',
      { t: token },
      candidate.token,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startAssessment.title).toBe('Factory hiring');
    expect(started.data!.startAssessment.exercises).toHaveLength(1);
  });
});
