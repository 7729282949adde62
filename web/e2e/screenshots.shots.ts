import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { replaceCode } from './editor.js';
import { invite, sql } from './invite.js';
import { shot } from './shots.js';

/**
 * Screenshots of the main pages in both languages for the README (docs/screenshots/), made
 * against the real stack: a MODEL submission on the tiny CIFAR-10 exercise, a coding one, a quiz.
 */

/** Softmax without subtracting the largest logit: right on small logits, NaN where exp overflows. */
const NAIVE_SOFTMAX = `export default function softmax(logits: number[]): number[] {
  console.log('logits', JSON.stringify(logits));
  const exps = logits.map((x) => Math.exp(x));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
`;

test('screenshots of the main pages in en and zh-CN', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Display name (optional)').fill('Ada');
  const email = `shots-${Date.now()}@example.com`;
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ada');

  // A wrong coding submission (its per-test table, one array diffed), then the right one
  // (before the MODEL ones: in two runs at a load average near 30 a coding submission made right after
  // them stayed RUNNING in its GRADE stage on the page for 90 and 300 s; not understood yet).
  await page.goto('/exercises/stable-softmax');
  await replaceCode(page, NAIVE_SOFTMAX);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page.getByTestId('grade-summary')).toBeVisible({ timeout: 300_000 });
  const codingUrl = page.url();
  await page.goto('/exercises/stable-softmax');
  await replaceCode(page, readFileSync('exercises/stable-softmax/reference.ts', 'utf8'));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page.getByTestId('grade-summary')).toBeVisible({ timeout: 300_000 });

  // A MODEL submission on a real-data subset, watched until it is graded.
  await page.goto('/exercises/e2e-cifar-tiny');
  await replaceCode(page, readFileSync('exercises/cifar10-cnn/reference.ts', 'utf8'));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\//);
  const modelUrl = page.url();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 300_000 });
  // A second one (the one-layer baseline) for History's comparison.
  await page.goto('/exercises/e2e-cifar-tiny');
  await replaceCode(page, readFileSync('exercises/cifar10-cnn/baseline.ts', 'utf8'));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\//);
  const baselineId = page.url().split('/').pop()!;
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 300_000 });
  const compareUrl = `/history/compare?a=${modelUrl.split('/').pop()}&b=${baselineId}`;

  for (const locale of ['en', 'zh-CN']) {
    await page.goto('/');
    await page.getByTestId('locale-switch').selectOption(locale);
    await expect(page.locator('article.track').first()).toBeVisible();
    await expect(page.locator('.badge.progress-solved').first()).toBeVisible();
    await shot(page, 'tracks', locale);

    // The submissions above left their code as the drafts: back to the starter, then Check / Run it.
    await page.goto('/exercises/e2e-cifar-tiny');
    await expect(page.locator('.cm-content')).toBeVisible();
    await expect(page.locator('.markdown h2').first()).toBeVisible();
    await page.locator('.workbench .toolbar button').click();
    await page.getByTestId('check-button').click();
    await expect(page.getByTestId('check-result')).toBeVisible({ timeout: 60_000 });
    await shot(page, 'exercise-model', locale);

    await page.goto('/exercises/stable-softmax');
    await expect(page.locator('.cm-content')).toBeVisible();
    await expect(page.locator('.markdown p').first()).toBeVisible();
    await page.locator('.workbench .toolbar button').click();
    await page.getByTestId('check-button').click();
    await expect(page.getByTestId('run-result')).toBeVisible({ timeout: 60_000 });
    await shot(page, 'exercise-coding', locale);

    await page.goto(modelUrl);
    await expect(page.getByTestId('confusion-matrix')).toBeVisible();
    await expect(page.locator('.u-over').first()).toBeVisible();
    await shot(page, 'submission-model', locale);

    await page.goto(codingUrl);
    await expect(page.getByTestId('submission-tests').locator('tr.failed')).toHaveCount(1);
    await shot(page, 'submission-coding', locale);

    await page.goto('/exercises/overfitting-check');
    const fieldsets = page.locator('form.quiz fieldset');
    await expect(fieldsets).toHaveCount(5);
    await fieldsets.nth(0).locator('input[value="b"]').check();
    await fieldsets.nth(1).locator('input[value="a"]').check();
    await fieldsets.nth(2).locator('input[value="b"]').check();
    await fieldsets.nth(3).locator('input').fill('7');
    await fieldsets.nth(4).locator('input[value="c"]').check();
    await page.locator('form.quiz button[type="submit"]').click();
    await expect(page.getByTestId('quiz-feedback')).toBeVisible();
    await shot(page, 'quiz', locale);

    await page.goto('/history');
    await expect(page.locator('.history-table tbody tr').first()).toBeVisible();
    await shot(page, 'history', locale);

    await page.goto(compareUrl);
    await expect(page.getByTestId('compare-curve')).toHaveCount(2);
    await shot(page, 'compare', locale);
  }

  // Last: an assessment attempt (once it is open, its exercises are closed for practice).
  const link = await invite(email);
  // Start needs a verified address; the mailed link is another page's picture (account.shots.ts).
  await sql(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [email]);
  for (const locale of ['en', 'zh-CN']) {
    await page.goto('/');
    await page.getByTestId('locale-switch').selectOption(locale);
    await page.goto(link);
    await expect(page.locator('ul.rules li')).toHaveCount(5);
    await shot(page, 'assessment-start', locale);
    await page.locator('.assessment-start button.primary').click();
    await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}$/);
    await page.locator('ol.assessment-exercises a').first().click();
    await expect(page.locator('.cm-content')).toBeVisible();
    await expect(page.getByTestId('countdown')).toBeVisible();
    await shot(page, 'assessment-exercise', locale);
  }
});
