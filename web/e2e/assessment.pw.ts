import { expect, test } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expectAccessible } from './a11y.js';
import { replaceCode } from './editor.js';
import { invite, PASSWORD, sql } from './invite.js';

/**
 * An invited candidate, against the real API, worker, PostgreSQL and Redis: the invitation link
 * signed out (rules, time limit, sign up first) → back to the link, Start → the countdown on
 * every page → the pinned exercise, its code saved on the server as they type (a reload with
 * this browser's copy removed brings it back) → submit and pass → a quiz within the attempt →
 * the deadline passes: the page says so and submitting stops.
 */
const WORK_IN_PROGRESS =
  '// work in progress, kept by the server\nexport default function softmax(x: number[]) {\n  return x;\n}\n';

test('an invited candidate opens the link, signs up, works against the clock, and time runs out', async ({ page }) => {
  test.setTimeout(300_000);
  const email = `pw-invited-${Date.now()}@example.com`;
  const link = await invite(email);
  expect(link).toMatch(/^\/assessments\/start\?token=/);

  // Signed out: what the assessment is, the rules, and sign in or register first.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Start your assessment' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Playwright hiring round' })).toBeVisible();
  await expect(page.getByTestId('time-limit')).toHaveText('30 minutes');
  await expect(page.locator('ul.rules li')).toHaveCount(5);
  await expectAccessible(page, 'assessment start (signed out)');
  await page.getByTestId('sign-in-first').getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();

  // Back on the link, signed in but not verified yet: Start is refused, and a new link can be sent.
  await expect(page).toHaveURL(/\/assessments\/start\?token=/);
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  const notVerified = page.getByTestId('email-not-verified');
  await expect(notVerified.getByRole('alert')).toContainText('Please verify your e-mail address');
  await expectAccessible(page, 'assessment start (e-mail not verified)');
  await notVerified.getByRole('button', { name: 'Send me a new link' }).click();
  await expect(page.getByTestId('verification-sent')).toHaveText('A new link is on its way: check your mail.');

  // The mailed link: only its hash is stored, so the newest one is given a hash of a token known here.
  const token = randomBytes(32).toString('base64url');
  await sql(
    `UPDATE email_tokens SET token_hash = $1
      WHERE email = $2 AND purpose = 'VERIFY_EMAIL' AND used_at IS NULL AND expires_at > now()`,
    [createHash('sha256').update(token).digest('hex'), email],
  );
  await page.goto(`/verify-email?token=${token}`);
  await expect(page.getByTestId('email-verified')).toHaveText('Thank you: your e-mail address is verified.');
  await expectAccessible(page, 'verify e-mail');
  // Single use: the same link again says so.
  await page.goto(`/verify-email?token=${token}`);
  await expect(page.getByTestId('bad-link')).toContainText('invalid, has expired or was already used');
  await page.goto(link);

  // Verified: Start starts the clock, and the token leaves the address bar.
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Playwright hiring round' })).toBeVisible();
  await expect(page.getByTestId('countdown')).toHaveText(/^00:(29|30):\d\d$/);
  await expectAccessible(page, 'assessment overview');
  const attemptUrl = page.url();
  const assessmentId = attemptUrl.split('/').pop()!;

  // The pinned exercise: the starter in the editor; no Run in an assessment; the code saved as typed.
  await page.getByRole('link', { name: 'Numerically stable softmax' }).click();
  await expect(page.locator('.cm-content')).toContainText('TODO: make it numerically stable');
  await expect(page.getByTestId('check-button')).toHaveCount(0);
  await replaceCode(page, WORK_IN_PROGRESS);
  await expect(page.getByTestId('draft-status')).toContainText('Saved at');
  await expectAccessible(page, 'assessment exercise');
  // Remove this browser's copy: what comes back after the reload can only be the server's.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('dojo.adraft.')) localStorage.removeItem(k);
  });
  await page.reload();
  await expect(page.locator('.cm-content')).toContainText('work in progress, kept by the server');
  await expect(page.getByTestId('countdown')).toBeVisible();

  // Submit the right solution: graded within the attempt, the countdown still on the submission's page.
  await replaceCode(page, readFileSync('exercises/stable-softmax/reference.ts', 'utf8'));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('countdown')).toBeVisible();
  await expect(page.getByTestId('submission-status')).toHaveText('Passed', { timeout: 90_000 });

  // The quiz, answered within the attempt.
  await page.goto(attemptUrl);
  await page.getByRole('link', { name: /overfitting/i }).click();
  const fieldsets = page.locator('form.quiz fieldset');
  await expect(fieldsets).toHaveCount(5);
  await fieldsets.nth(0).locator('input[value="b"]').check();
  await page.locator('form.quiz button[type="submit"]').click();
  await expect(page.getByTestId('quiz-feedback').locator('li')).toHaveCount(5);

  // The deadline passes (moved to a few seconds from now): the page says so and submitting stops.
  await sql(`UPDATE invitations SET deadline_at = now() + interval '3 seconds' WHERE assessment_id = $1`, [
    assessmentId,
  ]);
  await page.goto(`${attemptUrl}/exercises/stable-softmax`);
  await expect(page.getByTestId('time-up')).toHaveText('Time is up: submitting has stopped.', { timeout: 20_000 });
  await expect(page.getByTestId('attempt-over')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit', exact: true })).toBeDisabled();
  await expectAccessible(page, 'assessment exercise (time is up)');

  // The banner belongs to this account: signed out, it is gone.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('attempt-banner')).toHaveCount(0);
});
