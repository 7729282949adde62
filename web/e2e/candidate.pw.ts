import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible } from './a11y.js';

/**
 * A new candidate, in one browser session against the real API, worker, PostgreSQL and Redis:
 * register → browse the tracks in zh-CN → open a coding exercise → submit a right solution and
 * see it pass → take a quiz → find the submission in History. axe-core on every page.
 */
test('a new candidate registers, solves a coding exercise in zh-CN and takes a quiz', async ({ page }) => {
  const email = `pw-${Date.now()}@example.com`;

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Skill tracks' })).toBeVisible();
  await expect(page.locator('article.track').first()).toBeVisible();
  await expectAccessible(page, 'tracks (en, signed out)');

  await page.getByRole('link', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await expectAccessible(page, 'sign up');
  await page.getByLabel('Display name (optional)').fill('Playwright Candidate');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Playwright Candidate');

  // Switch to Chinese: every label changes, and the choice survives a reload.
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '技能路线' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectAccessible(page, 'tracks (zh-CN)');

  await page.locator('a[href="/exercises/stable-softmax"]').click();
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.getByRole('table', { name: /可见测试/ })).toBeVisible();
  await expect(page.locator('.markdown')).not.toBeEmpty();
  await expectAccessible(page, 'exercise (coding, zh-CN)');

  // Replace the starter with the reference solution (insertText bypasses auto-closing brackets).
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(readFileSync('exercises/stable-softmax/reference.ts', 'utf8'));
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('submission-status')).toHaveText('通过', { timeout: 90_000 });
  await expect(page.getByTestId('grade-summary')).toBeVisible();
  await expectAccessible(page, 'submission (coding, passed)');

  // A quiz from another track.
  await page.getByRole('navigation').getByRole('link', { name: '学习路线' }).click();
  await page.locator('a[href="/exercises/overfitting-check"]').click();
  const quiz = page.locator('form.quiz');
  await expect(quiz.locator('fieldset')).toHaveCount(5);
  await expectAccessible(page, 'quiz (zh-CN)');
  const fieldsets = quiz.locator('fieldset');
  await fieldsets.nth(0).locator('input[value="b"]').check();
  for (const id of ['a', 'b', 'd']) await fieldsets.nth(1).locator(`input[value="${id}"]`).check();
  await fieldsets.nth(2).locator('input[value="b"]').check();
  await fieldsets.nth(3).getByLabel('你的答案').fill('7');
  await fieldsets.nth(4).locator('input[value="b"]').check();
  await page.getByRole('button', { name: '提交答案' }).click();
  await expect(page.getByRole('heading', { name: /得分：100 \/ 100/ })).toBeVisible();
  await expect(page.getByTestId('quiz-feedback').locator('li')).toHaveCount(5);
  await expectAccessible(page, 'quiz result');

  // History lists both submissions across exercises, and filters by exercise.
  await page.getByRole('navigation').getByRole('link', { name: '提交记录' }).click();
  await expect(page.locator('.history-table tbody tr')).toHaveCount(2);
  await expectAccessible(page, 'history');
  await page.getByLabel('练习').selectOption('stable-softmax');
  await expect(page.locator('.history-table tbody tr')).toHaveCount(1);
  await expect(page.locator('.history-table')).toContainText('通过');

  // The tracks page now marks both exercises solved.
  await page.getByRole('navigation').getByRole('link', { name: '学习路线' }).click();
  await expect(page.locator('li', { has: page.locator('a[href="/exercises/stable-softmax"]') })).toContainText(
    '已通过',
  );

  // A reload keeps the language (localStorage) and the session (the httpOnly cookie; no token in the page).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '技能路线' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Playwright Candidate');
  expect(await page.evaluate(() => document.cookie)).not.toContain('dojo_session');

  // Sign out ends the session.
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
});
