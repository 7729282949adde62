import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Role } from '../src/access/role.enum.js';
import { InvitationEntity } from '../src/assessments/assessment.entity.js';
import { ExerciseVersionEntity } from '../src/exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../src/exercises/exercise.entity.js';
import { createAssessment, createInvitation } from './factories/assessment.factory.js';
import { secondsAgo } from './factories/rows.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const SAVE = `mutation($i: SaveAssessmentDraftInput!) {
  saveAssessmentDraft(input: $i) { exerciseSlug language code savedAt }
}`;
const READ = `query($a: ID!, $s: String!) { assessmentDraft(assessmentId: $a, exerciseSlug: $s) { exerciseSlug language code } }`;
const ATTEMPT = `query($a: ID!) { myAssessmentAttempt(assessmentId: $a) { assessmentId title deadlineAt exercises { slug } } }`;
const PREVIEW = `query($t: String!) { assessmentInvitation(token: $t) { title timeLimitMinutes exerciseCount started } }`;

/**
 * The candidate's side of an assessment attempt: the link's preview before opening it, the
 * attempt read back on a reload, and the editor's code saved on the server as they type.
 */
describe('assessment drafts and the candidate side of an attempt (real PostgreSQL)', () => {
  let api: TestApi;
  let db: DataSource;
  let manager: Awaited<ReturnType<typeof signedInUser>>;
  let version: ExerciseVersionEntity;

  beforeAll(async () => {
    api = await startTestApi({ MAX_CODE_BYTES: '2048' });
    db = api.app.get(DataSource);
    manager = await signedInUser(api, Role.HIRING_MANAGER);
    const exercise = await db.getRepository(ExerciseEntity).findOneByOrFail({ slug: 'stable-softmax' });
    version = await db
      .getRepository(ExerciseVersionEntity)
      .findOneOrFail({ where: { exerciseId: exercise.id }, order: { version: 'DESC' } });
  });
  afterAll(async () => {
    delete process.env.MAX_CODE_BYTES;
    await api?.close();
  });

  const newAttempt = async () => {
    const candidate = await signedInUser(api);
    const assessment = await createAssessment(db, {
      manager: manager.user,
      versions: [version],
      title: 'Drafts round',
      timeLimitMinutes: 45,
    });
    const { token } = await createInvitation(db, assessment, {
      candidate: candidate.user,
      startedAt: secondsAgo(60),
    });
    return { candidate, assessment, token };
  };
  const draft = (assessmentId: string, code: string, exerciseSlug = 'stable-softmax') => ({
    i: { assessmentId, exerciseSlug, language: 'JAVASCRIPT', code },
  });

  it('previews an invitation link for whoever holds it, without opening it; an unknown token is NOT_FOUND, a revoked one FORBIDDEN, naming it', async () => {
    const assessment = await createAssessment(db, { manager: manager.user, versions: [version], title: 'Preview' });
    const { token } = await createInvitation(db, assessment);
    const res = await api.gql<{ assessmentInvitation: Record<string, unknown> }>(PREVIEW, { t: token });
    expect(res.data?.assessmentInvitation).toEqual({
      title: 'Preview',
      timeLimitMinutes: 60,
      exerciseCount: 1,
      started: false,
    });
    const bad = await api.gql(PREVIEW, { t: 'not-a-token' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'token' });
    // A revoked link says so, as startAssessment does.
    await db.getRepository(InvitationEntity).update({ assessmentId: assessment.id }, { revokedAt: new Date() });
    const revoked = await api.gql(PREVIEW, { t: token });
    expect(revoked.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'token' });
    expect(revoked.errors?.[0]?.message).toContain('revoked');
  });

  it('saves the code as the candidate types and reads it back (the newest save wins)', async () => {
    const { candidate, assessment } = await newAttempt();
    expect((await api.gql(READ, { a: assessment.id, s: 'stable-softmax' }, candidate.token)).data).toEqual({
      assessmentDraft: null,
    });
    const first = await api.gql<{ saveAssessmentDraft: { code: string } }>(
      SAVE,
      draft(assessment.id, 'let a = 1;'),
      candidate.token,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.saveAssessmentDraft.code).toBe('let a = 1;');
    await api.gql(SAVE, draft(assessment.id, 'let a = 2; // 你好'), candidate.token);
    const read = await api.gql(READ, { a: assessment.id, s: 'stable-softmax' }, candidate.token);
    expect(read.data).toEqual({
      assessmentDraft: { exerciseSlug: 'stable-softmax', language: 'JAVASCRIPT', code: 'let a = 2; // 你好' },
    });
    const attempt = await api.gql<{ myAssessmentAttempt: { title: string; exercises: { slug: string }[] } }>(
      ATTEMPT,
      { a: assessment.id },
      candidate.token,
    );
    expect(attempt.data?.myAssessmentAttempt).toMatchObject({
      title: 'Drafts round',
      exercises: [{ slug: 'stable-softmax' }],
    });
  });

  it("keeps each candidate's draft to their own attempt: others are FORBIDDEN or see only their own", async () => {
    const a = await newAttempt();
    await api.gql(SAVE, draft(a.assessment.id, 'secret work'), a.candidate.token);
    const stranger = await signedInUser(api);
    for (const [query, vars] of [
      [READ, { a: a.assessment.id, s: 'stable-softmax' }],
      [SAVE, draft(a.assessment.id, 'overwrite')],
      [ATTEMPT, { a: a.assessment.id }],
    ] as const) {
      const res = await api.gql(query, vars, stranger.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'assessmentId' });
    }
    // A second candidate of the same assessment has a draft of their own.
    const other = await signedInUser(api);
    await createInvitation(db, a.assessment, { candidate: other.user, startedAt: secondsAgo(10) });
    expect((await api.gql(READ, { a: a.assessment.id, s: 'stable-softmax' }, other.token)).data).toEqual({
      assessmentDraft: null,
    });
    expect((await api.gql(READ, { a: a.assessment.id, s: 'stable-softmax' }, a.candidate.token)).data).toMatchObject({
      assessmentDraft: { code: 'secret work' },
    });
    const anonymous = await api.gql(READ, { a: a.assessment.id, s: 'stable-softmax' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an exercise outside the assessment and code over MAX_CODE_BYTES, naming the field', async () => {
    const { candidate, assessment } = await newAttempt();
    const outside = await api.gql(SAVE, draft(assessment.id, 'x', 'im2col'), candidate.token);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'exerciseSlug' });
    const big = await api.gql(SAVE, draft(assessment.id, 'é'.repeat(1025)), candidate.token);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 2048 });
    expect(String(big.errors?.[0]?.extensions?.field)).toMatch(/code$/);
    // Exactly at the limit is fine.
    const atLimit = await api.gql(SAVE, draft(assessment.id, 'é'.repeat(1024)), candidate.token);
    expect(atLimit.errors).toBeUndefined();
  });

  it('stops saving when time is up (EXERCISE_CLOSED) but still reads the last draft back', async () => {
    const { candidate, assessment } = await newAttempt();
    await api.gql(SAVE, draft(assessment.id, 'before the deadline'), candidate.token);
    await db.getRepository(InvitationEntity).update({ assessmentId: assessment.id }, { deadlineAt: secondsAgo(1) });
    const late = await api.gql(SAVE, draft(assessment.id, 'after'), candidate.token);
    expect(late.errors?.[0]?.extensions?.code).toBe('EXERCISE_CLOSED');
    const read = await api.gql(READ, { a: assessment.id, s: 'stable-softmax' }, candidate.token);
    expect(read.data).toMatchObject({ assessmentDraft: { code: 'before the deadline' } });
  });
});
