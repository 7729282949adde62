import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible } from './a11y.js';
import { replaceCode } from './editor.js';

/**
 * Learning support on the exercise page, against the real API and worker: a new candidate
 * reveals the hints one at a time, finds the explanation locked with the reason, passes the
 * exercise and then opens the explanation and the reference solution. axe-core on each state.
 */
test('a candidate reveals hints one at a time and unlocks the explanation by passing', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('E-mail address').fill(`pw-help-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();

  await page.goto('/exercises/stable-softmax');
  const help = page.getByRole('region', { name: 'Learning support' });
  await expect(help.getByText('0 of 3 hints revealed', { exact: false })).toBeVisible();
  await expect(help.locator('ol.hints li')).toHaveCount(0);
  await expect(help.locator('p.locked')).toContainText('you have made 0; 5 to go');
  await expect(help.getByRole('button', { name: 'Show the explanation and the reference solution' })).toHaveCount(0);
  await expectAccessible(page, 'exercise with learning support (locked)');

  await help.getByRole('button', { name: 'Reveal the first hint' }).click();
  await expect(help.locator('ol.hints li')).toHaveCount(1);
  await expect(help.locator('ol.hints li').first()).toContainText('same number to every logit');
  await help.getByRole('button', { name: 'Reveal hint 2 of 3' }).click();
  await expect(help.locator('ol.hints li')).toHaveCount(2);
  await help.getByRole('button', { name: 'Reveal hint 3 of 3' }).click();
  await expect(help.locator('ol.hints li')).toHaveCount(3);
  await expect(help.getByRole('button', { name: /Reveal/ })).toHaveCount(0);
  // Revealed hints are stored on the server: a reload shows the same three.
  await page.reload();
  await expect(help.locator('ol.hints li')).toHaveCount(3);

  // Pass the exercise, come back: the explanation is open, the reference behind a fold.
  await replaceCode(page, readFileSync('exercises/stable-softmax/reference.ts', 'utf8'));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('submission-status')).toHaveText('Passed', { timeout: 120_000 });
  await page.goto('/exercises/stable-softmax');
  await expect(help.locator('p.unlocked')).toHaveText('Unlocked because one of your practice submissions passed.');
  await help.getByText('Show the explanation and the reference solution').click();
  await expect(help.getByRole('heading', { name: 'Why subtracting the maximum works' })).toBeVisible();
  await expect(help.getByRole('heading', { name: 'Reference solution', exact: true })).toBeVisible();
  await expect(help.locator('pre code')).toContainText('Math.exp(x - max)');
  await expectAccessible(page, 'exercise with learning support (unlocked)');

  // In Chinese, the same panel and the hints in Chinese.
  await page.getByTestId('locale-switch').selectOption('zh-CN');
  const zh = page.getByRole('region', { name: '学习辅助' });
  await expect(zh.locator('ol.hints li').first()).toContainText('给每个 logit 加上同一个数');
});
