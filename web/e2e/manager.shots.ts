import { expect, test } from '@playwright/test';
import {
  answerQuiz,
  candidate,
  COPY,
  must,
  newManager,
  ORIGINAL,
  signIn,
  sql,
  submitAndWait,
} from './manager-setup.js';
import { shot } from './shots.js';

/**
 * Screenshots of the hiring manager's pages in both languages for the README
 * (docs/screenshots/manager-*.png), against the real stack: an assessment with a coding exercise
 * and a quiz, two candidates who took it (one copying the other) and one not started yet.
 */

test("screenshots of the hiring manager's pages in en and zh-CN", async ({ page, browser, request }) => {
  const stamp = Date.now();
  const managerEmail = `lena-${stamp}@example.com`;
  await newManager(request, stamp, managerEmail, 'Lena');
  await signIn(page, managerEmail, 'Lena');
  const { createAssessment } = await must<{ createAssessment: { id: string } }>(
    page.request,
    'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
    {
      i: {
        title: 'ML engineer, spring round',
        exerciseSlugs: ['stable-softmax', 'overfitting-check'],
        timeLimitMinutes: 60,
      },
    },
  );
  const id = createAssessment.id;
  const invite = async (email: string) =>
    (
      await must<{ inviteCandidate: { id: string; token: string } }>(
        page.request,
        'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { id token } }',
        { i: { assessmentId: id, email } },
      )
    ).inviteCandidate;
  const people = [
    { name: 'Ada Lovelace', email: `ada-${stamp}@example.com`, code: ORIGINAL, quiz: true },
    { name: 'Bob Byte', email: `bob-${stamp}@example.com`, code: COPY, quiz: false },
  ];
  const invitations = [];
  for (const p of people) invitations.push(await invite(p.email));
  await invite(`cleo-${stamp}@example.com`);
  for (const [i, p] of people.entries()) {
    const c = await candidate(browser, p.name, p.email);
    await sql(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [p.email]);
    await must(c.req, 'mutation($t: String!) { startAssessment(token: $t) { invitationId } }', {
      t: invitations[i]!.token,
    });
    await submitAndWait(c.req, id, p.code);
    await answerQuiz(c.req, id, p.quiz);
    await c.context.close();
  }
  await must(page.request, 'mutation($i: ReviewCandidateInput!) { reviewCandidate(input: $i) { invitationId } }', {
    i: {
      invitationId: invitations[0]!.id,
      ratings: [
        { criterion: 'overall', rating: 4 },
        { criterion: 'correctness', rating: 5 },
      ],
      notes: 'Clean, numerically careful solution.',
      decision: 'ADVANCE',
    },
  });

  for (const locale of ['en', 'zh-CN']) {
    await page.goto('/manager');
    await page.getByTestId('locale-switch').selectOption(locale);
    await expect(page.getByTestId('assessments').first().locator('tbody tr')).toHaveCount(1);
    await shot(page, 'manager-dashboard', locale);

    await page.goto('/manager/new');
    await expect(page.getByTestId('exercise-bank').locator('tbody tr').first()).toBeVisible();
    await page.locator('#pick-stable-softmax').check();
    await page.locator('#pick-cifar10-cnn').check();
    await shot(page, 'manager-new-assessment', locale);

    await page.goto(`/manager/assessments/${id}`);
    await expect(page.getByTestId('results').locator('tbody tr')).toHaveCount(3);
    await page.getByTestId('similarity-flag').first().getByRole('button').click();
    await expect(page.getByTestId('diff')).toBeVisible();
    await shot(page, 'manager-assessment', locale);

    await page.getByTestId('results').locator('tbody tr th a').filter({ hasText: 'Bob Byte' }).click();
    await expect(page.getByTestId('attempt')).toHaveCount(2);
    await expect(page.locator('.markdown code').first()).toBeVisible();
    await shot(page, 'manager-candidate', locale);
  }
});
