import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Role } from '../src/access/role.enum.js';
import { ExerciseEntity } from '../src/exercises/exercise.entity.js';
import { SubmissionStatus } from '../src/submissions/submission.types.js';
import { createAssessment, createInvitation } from './factories/assessment.factory.js';
import { createExercise } from './factories/exercise.factory.js';
import { secondsAgo } from './factories/rows.js';
import { createSubmission } from './factories/submission.factory.js';
import { signedInUser } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

const HELP = `query($s: String!, $l: String) { exerciseHelp(slug: $s, locale: $l) {
  exerciseSlug hintCount hints explanationAvailable unlocked unlockedBy passed practiceAttempts attemptsToUnlock
  explanation referenceSolution } }`;
const REVEAL = `mutation($s: String!, $l: String) { revealHint(slug: $s, locale: $l) { hintCount hints } }`;

interface Help {
  exerciseSlug: string;
  hintCount: number;
  hints: string[];
  explanationAvailable: boolean;
  unlocked: boolean;
  unlockedBy: string | null;
  passed: boolean;
  practiceAttempts: number;
  attemptsToUnlock: number;
  explanation: string | null;
  referenceSolution: string | null;
}

const HINTS = [
  { en: 'First, look at the shapes.', 'zh-CN': '先看形状。' },
  { en: 'Then, subtract the maximum.', 'zh-CN': '再减去最大值。' },
  { en: 'Finally, normalise.', 'zh-CN': '最后归一化。' },
];
const EXPLANATION = { en: '# Why it works\nBecause.', 'zh-CN': '# 为什么可行\n因为。' };
const REFERENCE = 'export default function solve(a: number, b: number) { return a + b; }';

/** Hints and the explanation in practice: the unlock rules, the refusals, and privacy (real PostgreSQL). */
describe('learning support in practice mode', () => {
  let api: TestApi;
  let db: DataSource;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api?.close();
  });

  const exerciseWithHelp = () =>
    createExercise(db, { version: { hints: HINTS, explanation: EXPLANATION, referenceCode: REFERENCE } });
  const help = async (slug: string, token: string, locale?: string) => {
    const res = await api.gql<{ exerciseHelp: Help }>(HELP, { s: slug, l: locale }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.exerciseHelp;
  };

  it('reveals hints one at a time, in order and in the asked language, then answers CONFLICT', async () => {
    const { exercise } = await exerciseWithHelp();
    const me = await signedInUser(api);
    expect(await help(exercise.slug, me.token)).toMatchObject({
      hintCount: 3,
      hints: [],
      unlocked: false,
      unlockedBy: null,
      explanationAvailable: true,
      explanation: null,
      referenceSolution: null,
      attemptsToUnlock: 5,
    });
    const first = await api.gql<{ revealHint: { hints: string[] } }>(REVEAL, { s: exercise.slug }, me.token);
    expect(first.data?.revealHint.hints).toEqual(['First, look at the shapes.']);
    const second = await api.gql<{ revealHint: { hints: string[] } }>(
      REVEAL,
      { s: exercise.slug, l: 'zh-CN' },
      me.token,
    );
    expect(second.data?.revealHint.hints).toEqual(['先看形状。', '再减去最大值。']);
    await api.gql(REVEAL, { s: exercise.slug }, me.token);
    const extra = await api.gql(REVEAL, { s: exercise.slug }, me.token);
    expect(extra.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug', limit: 3 });
    expect(extra.errors?.[0]?.message).toMatch(/all 3 hints/);
    expect((await help(exercise.slug, me.token)).hints).toHaveLength(3);
    // Revealing hints unlocks nothing else.
    expect((await help(exercise.slug, me.token)).unlocked).toBe(false);
  });

  it("keeps a candidate's reveals and unlocks to them: another account starts from nothing", async () => {
    const { exercise, version } = await exerciseWithHelp();
    const me = await signedInUser(api);
    const other = await signedInUser(api);
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    await api.gql(REVEAL, { s: exercise.slug }, me.token);
    await createSubmission(db, { user: me.user, version, status: SubmissionStatus.PASSED });
    expect(await help(exercise.slug, me.token)).toMatchObject({ hints: [HINTS[0]!.en], unlocked: true });
    for (const someone of [other, manager]) {
      expect(await help(exercise.slug, someone.token)).toMatchObject({
        hints: [],
        unlocked: false,
        passed: false,
        practiceAttempts: 0,
        explanation: null,
        referenceSolution: null,
      });
    }
    const anonymous = await api.gql(HELP, { s: exercise.slug });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('unlocks the explanation and the reference after a passed practice submission', async () => {
    const { exercise, version } = await exerciseWithHelp();
    const me = await signedInUser(api);
    await createSubmission(db, { user: me.user, version, status: SubmissionStatus.FAILED });
    expect((await help(exercise.slug, me.token)).unlocked).toBe(false);
    await createSubmission(db, { user: me.user, version, status: SubmissionStatus.PASSED });
    expect(await help(exercise.slug, me.token, 'zh-CN')).toMatchObject({
      unlocked: true,
      unlockedBy: 'PASSED',
      passed: true,
      practiceAttempts: 2,
      explanation: EXPLANATION['zh-CN'],
      referenceSolution: REFERENCE,
    });
  });

  it('unlocks after five counted practice attempts; uncounted ones and assessment submissions do not count', async () => {
    const { exercise, version } = await exerciseWithHelp();
    const me = await signedInUser(api);
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    // Our own failure (not counted) and a finished assessment's submissions (not practice).
    await createSubmission(db, { user: me.user, version, status: SubmissionStatus.ERROR });
    const assessment = await createAssessment(db, { manager: manager.user, versions: [version] });
    const { invitation } = await createInvitation(db, assessment, {
      candidate: me.user,
      startedAt: secondsAgo(7200),
      deadlineAt: secondsAgo(3600),
    });
    for (let i = 0; i < 5; i++)
      await createSubmission(db, { user: me.user, version, status: SubmissionStatus.FAILED, invitation });
    for (let i = 0; i < 4; i++) await createSubmission(db, { user: me.user, version, status: SubmissionStatus.FAILED });
    expect(await help(exercise.slug, me.token)).toMatchObject({
      unlocked: false,
      practiceAttempts: 4,
      explanation: null,
      referenceSolution: null,
    });
    await createSubmission(db, { user: me.user, version, status: SubmissionStatus.FAILED });
    expect(await help(exercise.slug, me.token)).toMatchObject({
      unlocked: true,
      unlockedBy: 'ATTEMPTS',
      passed: false,
      practiceAttempts: 5,
      explanation: EXPLANATION.en,
      referenceSolution: REFERENCE,
    });
  });

  it('refuses assessment-only exercises with FORBIDDEN naming the slug, for both operations', async () => {
    const { exercise } = await exerciseWithHelp();
    await db.getRepository(ExerciseEntity).update({ id: exercise.id }, { assessmentOnly: true });
    const me = await signedInUser(api);
    for (const query of [HELP, REVEAL]) {
      const res = await api.gql(query, { s: exercise.slug }, me.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'slug' });
      expect(res.errors?.[0]?.message).toMatch(/only in assessments/);
    }
  });

  it('refuses while the caller has an assessment in progress containing the exercise, and not once it ended', async () => {
    const { exercise, version } = await exerciseWithHelp();
    const me = await signedInUser(api);
    const bystander = await signedInUser(api);
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    const assessment = await createAssessment(db, { manager: manager.user, versions: [version] });
    const { invitation } = await createInvitation(db, assessment, { candidate: me.user, startedAt: secondsAgo(60) });
    await createSubmission(db, { user: me.user, version, status: SubmissionStatus.PASSED });
    for (const query of [HELP, REVEAL]) {
      const res = await api.gql(query, { s: exercise.slug }, me.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'slug' });
      expect(res.errors?.[0]?.message).toMatch(/assessment in progress/);
    }
    // Someone else practising the same exercise is unaffected.
    expect((await help(exercise.slug, bystander.token)).hintCount).toBe(3);
    // Once the attempt is over, practice help comes back, with the earlier pass.
    await db.query(`UPDATE invitations SET deadline_at = now() - interval '1 second' WHERE id = $1`, [invitation.id]);
    expect(await help(exercise.slug, me.token)).toMatchObject({ unlocked: true, unlockedBy: 'PASSED' });
  });

  it('names the field of a malformed slug, and answers NOT_FOUND for unknown and retired exercises', async () => {
    const me = await signedInUser(api);
    const bad = await api.gql(HELP, { s: 'Not A Slug!' }, me.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    const unknown = await api.gql(HELP, { s: 'no-such-exercise' }, me.token);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const { exercise } = await exerciseWithHelp();
    await db.getRepository(ExerciseEntity).update({ id: exercise.id }, { retiredAt: new Date() });
    const retired = await api.gql(REVEAL, { s: exercise.slug }, me.token);
    expect(retired.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('serves the hints and explanation written in exercises/ (synced with the version)', async () => {
    const me = await signedInUser(api);
    for (const slug of [
      'cifar10-cnn',
      'imdb-sentiment',
      'stable-softmax',
      'conv-output-shape',
      'pad-sequences',
      'precision-recall-f1',
    ]) {
      const h = await help(slug, me.token);
      expect(h.hintCount).toBeGreaterThanOrEqual(2);
      expect(h.explanationAvailable).toBe(true);
    }
    const revealed = await api.gql<{ revealHint: { hints: string[] } }>(
      REVEAL,
      { s: 'cifar10-cnn', l: 'zh-CN' },
      me.token,
    );
    expect(revealed.data?.revealHint.hints[0]).toMatch(/[\u4e00-\u9fff]/);
  });
});
