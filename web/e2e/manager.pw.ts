import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible } from './a11y.js';
import {
  answerQuizInBrowser,
  candidate,
  COPY,
  gql,
  must,
  newManager,
  ORIGINAL,
  signIn,
  sql,
  startInBrowser,
  submitInBrowser,
} from './manager-setup.js';

/**
 * A hiring manager, against the real API, worker, PostgreSQL and Redis: creates an assessment
 * with a coding exercise and a quiz from the bank, invites two candidates, copies their links,
 * gives one more time and revokes a third invitation. The two candidates, each in their own
 * browser context, sign up in the web app and take the assessment on its pages (the link, Start,
 * the coding exercise typed into the editor and submitted, the quiz answered), one copying the
 * other's code. An unverified address cannot start its invitation. The manager then sees the scores, the similarity flag
 * with its side-by-side diff, records a scorecard and a decision, and downloads the CSV. An
 * account that was not invited cannot use an invitation. axe-core on every manager page.
 */

test('a hiring manager builds an assessment, invites, reviews and exports; a stranger cannot use an invitation', async ({
  page,
  browser,
  request,
}) => {
  const stamp = Date.now();
  const managerEmail = `manager-${stamp}@example.com`;
  const c1Email = `ada-${stamp}@example.com`;
  const c2Email = `bob-${stamp}@example.com`;
  const strangerEmail = `eve-${stamp}@example.com`;

  await newManager(request, stamp, managerEmail, 'Maya Manager');

  // The manager signs in and finds an empty dashboard.
  await signIn(page, managerEmail, 'Maya Manager');
  await page.getByRole('navigation').getByRole('link', { name: 'Hiring' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assessments' })).toBeVisible();
  await expect(page.getByText('No assessments yet')).toBeVisible();
  await expectAccessible(page, 'manager dashboard (empty)');

  // New assessment: a coding exercise and a quiz from the bank, with type, difficulty, exposures.
  await page.getByRole('link', { name: 'New assessment' }).click();
  const bank = page.getByTestId('exercise-bank');
  await expect(bank.locator('tbody tr').first()).toBeVisible();
  const softmaxRow = bank.locator('tr', { has: page.locator('#pick-stable-softmax') });
  await expect(softmaxRow).toContainText('Coding');
  // The walks share one stack, and another may have put it in an assessment already: the stored count.
  const [stored] = await sql('SELECT assessment_exposures FROM exercises WHERE slug = $1', ['stable-softmax']);
  await expect(softmaxRow.locator('td').last()).toHaveText(String(stored!.assessment_exposures));
  await expectAccessible(page, 'new assessment');
  await page.getByRole('button', { name: 'Create assessment' }).click();
  // Nothing picked: the form says so and stays.
  await page.getByLabel('Title').fill('ML engineer, round 1');
  await page.getByRole('button', { name: 'Create assessment' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose at least one exercise.');
  await page.locator('#pick-stable-softmax').check();
  await page.getByLabel('Type').selectOption('QUIZ');
  await page.locator('#pick-overfitting-check').check();
  await expect(page.getByTestId('picked').locator('li')).toHaveCount(2);
  await page.getByLabel('Time limit (minutes)').fill('45');
  await page.getByRole('button', { name: 'Create assessment' }).click();
  await expect(page).toHaveURL(/\/manager\/assessments\/[0-9a-f-]{36}$/);
  const assessmentId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1, name: 'ML engineer, round 1' })).toBeVisible();

  // Invitations: each link is shown once, bound to its address.
  const links: Record<string, string> = {};
  for (const email of [c1Email, c2Email, strangerEmail.replace('eve', 'invited')]) {
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const box = page.getByTestId('invitation-link');
    await expect(box).toContainText(email);
    links[email] = await box.getByRole('textbox').inputValue();
    expect(links[email]).toMatch(/\/assessments\/start\?token=/);
  }
  await expect(page.getByTestId('invitations').locator('tbody tr')).toHaveCount(3);
  await expectAccessible(page, 'assessment (invited)');
  const token = (email: string) => new URL(links[email]!).searchParams.get('token')!;

  // Both candidates take it, each in their own browser context; Bob copies Ada's code.
  const ada = await candidate(browser, 'Ada', c1Email);
  const bob = await candidate(browser, 'Bob', c2Email);
  const stranger = await candidate(browser, 'Eve', strangerEmail);
  // An invitation is accepted only by a verified address: each candidate opens the link of their
  // verification mail (no SMTP server here: the link goes to the server log, and
  // test/account-email.int-spec.ts covers the mail itself), done here as that link does.
  await ada.page.goto(links[c1Email]!);
  await ada.page.getByRole('button', { name: 'Start the assessment' }).click();
  await expect(ada.page.getByTestId('email-not-verified').getByRole('alert')).toContainText(
    'Please verify your e-mail address',
  );
  await sql(`UPDATE users SET email_verified_at = now() WHERE email = ANY($1)`, [[c1Email, c2Email, strangerEmail]]);
  try {
    expect(await startInBrowser(ada.page, links[c1Email]!)).toBe(assessmentId);
    expect(await startInBrowser(bob.page, links[c2Email]!)).toBe(assessmentId);
    await expectAccessible(bob.page, 'candidate: assessment overview');
    expect(await submitInBrowser(ada.page, assessmentId, ORIGINAL)).toBe('Passed');
    expect(await submitInBrowser(bob.page, assessmentId, COPY)).toBe('Passed');
    expect(await answerQuizInBrowser(ada.page, assessmentId, true)).toBe(100);
    expect(await answerQuizInBrowser(bob.page, assessmentId, false)).toBeLessThan(100);

    // A signed-in account with another address cannot use someone else's invitation, nor an
    // already-used one; the invitation stays untouched for the invited person.
    for (const t of [token(strangerEmail.replace('eve', 'invited')), token(c1Email)]) {
      const refused = await gql(stranger.req, 'mutation($t: String!) { startAssessment(token: $t) { invitationId } }', {
        t,
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  } finally {
    await Promise.all([ada.context.close(), bob.context.close(), stranger.context.close()]);
  }

  // The manager's results: what the API reports, shown per candidate and exercise.
  await page.reload();
  const report = await must<{
    assessmentReport: {
      candidates: { email: string; totalScore: number; results: { exerciseSlug: string; score: number | null }[] }[];
    };
  }>(
    page.request,
    'query($a: ID!) { assessmentReport(assessmentId: $a) { candidates { email totalScore results { exerciseSlug score } } } }',
    { a: assessmentId },
  );
  const results = page.getByTestId('results');
  for (const email of [c1Email, c2Email]) {
    const row = report.assessmentReport.candidates.find((c) => c.email === email)!;
    const coding = row.results.find((r) => r.exerciseSlug === 'stable-softmax')!.score!;
    const quiz = row.results.find((r) => r.exerciseSlug === 'overfitting-check')!.score!;
    expect(coding).toBeGreaterThan(0);
    const tr = results.locator(`tr[data-email="${email}"]`);
    await expect(tr.getByTestId('total')).toHaveText(String(Math.round(row.totalScore * 10) / 10));
    await expect(tr.getByTestId('score-stable-softmax')).toContainText(String(Math.round(coding * 10) / 10));
    await expect(tr.getByTestId('score-overfitting-check')).toContainText(String(Math.round(quiz * 10) / 10));
  }
  // Sorted by total, best first: Ada (full quiz) above Bob; a click on the heading reverses it.
  await expect(results.locator('tbody tr').first()).toHaveAttribute('data-email', c1Email);
  await results.getByRole('button', { name: /Total score/ }).click();
  // Ascending: Bob's lower total above Ada's (the invitation not opened yet, total 0, first of all).
  await expect
    .poll(async () => {
      const order = await results
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-email')));
      return order.indexOf(c2Email) < order.indexOf(c1Email);
    })
    .toBe(true);
  await expect(results.getByRole('columnheader', { name: /Total score/ })).toHaveAttribute('aria-sort', 'ascending');

  // More time for Ada; the third invitation revoked.
  const invitations = page.getByTestId('invitations');
  const adaRow = invitations.locator(`tr[data-email="${c1Email}"]`);
  const before = await adaRow.locator('td').nth(3).innerText();
  await page.getByLabel(`Minutes to add for ${c1Email}`).fill('30');
  await page.getByRole('button', { name: `Add minutes to the attempt of ${c1Email}` }).click();
  await expect(adaRow.locator('td').nth(3)).not.toHaveText(before);
  const invited = strangerEmail.replace('eve', 'invited');
  await page.getByRole('button', { name: `Revoke the invitation of ${invited}` }).click();
  await expect(invitations.locator(`tr[data-email="${invited}"]`)).toContainText('Revoked');

  // The similarity flag between the two, with both submission times and a side-by-side diff.
  const flags = page.getByTestId('similarity-flag');
  await expect(flags).toHaveCount(1);
  await expect(flags.first()).toContainText(c1Email);
  await expect(flags.first()).toContainText(c2Email);
  await expect(flags.first()).toContainText('code');
  await flags.first().getByRole('button', { name: 'Show side-by-side diff' }).click();
  const diff = page.getByTestId('diff');
  await expect(diff).toBeVisible();
  await expect(diff).toContainText('Math.max(acc, x)');
  await expect(diff).toContainText('Math.max(m, v)');
  await expect(diff.locator('tr.diff-changed').first()).toBeVisible();
  await expectAccessible(page, 'assessment (results, flag, diff)');

  // Bob's report: attempts in order with highlighted code, the flag, and a scorecard.
  await results.getByRole('link', { name: 'Bob' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bob' })).toBeVisible();
  await expect(page.getByTestId('attempt')).toHaveCount(2);
  await expect(page.getByTestId('attempt').first()).toContainText('stable-softmax');
  await expect(page.getByTestId('attempt').first().locator('.markdown code .hljs-keyword').first()).toBeVisible();
  // The same per-test table as on the candidate's own page: every visible test passed, hidden ones counted.
  const coding = page.getByTestId('attempt').first().getByTestId('submission-tests');
  await expect(coding.locator('tr.passed')).toHaveCount(3);
  await expect(coding.getByTestId('hidden-count')).toHaveText('hidden tests: 7 of 7 passed');
  // A quiz attempt has answers, not code: no code listing, its feedback instead.
  const quizAttempt = page.getByTestId('attempt').nth(1);
  await expect(quizAttempt).toContainText('overfitting-check');
  await expect(quizAttempt.getByTestId('feedback').locator('li')).toHaveCount(5);
  await expect(quizAttempt.locator('details.code')).toHaveCount(0);
  await expect(page.getByTestId('similarity-flag')).toHaveCount(1);
  await expectAccessible(page, 'candidate report');
  for (const [criterion, value] of [
    ['Overall', '2'],
    ['Correctness', '4'],
    ['Code quality', '2'],
  ] as const)
    await page.getByRole('group', { name: criterion }).getByLabel(value, { exact: true }).check();
  await page.getByLabel('Notes').fill('Same solution as another candidate, names changed; ask in the interview.');
  await page.getByRole('group', { name: 'Decision' }).getByLabel('Hold').check();
  await page.getByRole('button', { name: 'Save scorecard' }).click();
  await expect(page.getByText('Scorecard saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('group', { name: 'Decision' }).getByLabel('Hold')).toBeChecked();
  await expect(page.getByLabel('Notes')).toHaveValue(/ask in the interview/);

  // Back in the table, the decision and mean rating; then the CSV with the same columns.
  await page.getByRole('link', { name: 'Back to the assessment' }).click();
  const bobRow = page.getByTestId('results').locator(`tr[data-email="${c2Email}"]`);
  await expect(bobRow).toContainText('Hold');
  await expect(bobRow).toContainText('2.7');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('ML-engineer-round-1.csv');
  const csv = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(csv[0]).toContain('email,name,state,started_at,time_used_s,total_score,rank,exercise,passed,score');
  const bobCsv = csv.filter((l) => l.startsWith(c2Email));
  expect(bobCsv).toHaveLength(2);
  expect(bobCsv.join('\n')).toContain('HOLD');
  const bobReport = report.assessmentReport.candidates.find((c) => c.email === c2Email)!;
  expect(bobCsv.some((l) => l.includes(`,stable-softmax,`))).toBe(true);
  expect(bobCsv[0]).toContain(`,${bobReport.totalScore},`);

  // The dashboard counts what happened.
  await page.getByRole('link', { name: 'All assessments' }).click();
  const open = page.getByRole('region', { name: /Open/ }).getByTestId('assessments');
  await expect(open.locator('tbody tr')).toHaveCount(1);
  await expect(open.locator('tbody tr td').nth(3)).toHaveText('3');
  await expect(open.locator('tbody tr td').nth(4)).toHaveText('2');
  await expect(open.locator('tbody tr td').nth(6)).toHaveText('1');
  await expectAccessible(page, 'manager dashboard');
});
