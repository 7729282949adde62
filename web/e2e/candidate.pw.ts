import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible } from './a11y.js';
import { replaceCode } from './editor.js';

/** Wrong on purpose: prints, throws on four logits (a runtime error at line 3), zeroes the first entry. */
const WRONG_SOFTMAX = [
  'export default function softmax(logits: number[]): number[] {',
  "  console.log('called with', JSON.stringify(logits));",
  "  if (logits.length === 4) throw new Error('four logits are not handled');",
  '  const m = Math.max(...logits);',
  '  const exps = logits.map((x) => Math.exp(x - m));',
  '  const sum = exps.reduce((a, b) => a + b, 0);',
  '  return exps.map((e, i) => (i === 0 ? 0 : e / sum));',
  '}',
  '',
].join('\n');

/**
 * A new candidate, in one browser session against the real API, worker, PostgreSQL and Redis:
 * register → browse the tracks in zh-CN → open a coding exercise, Run a wrong solution (the failing
 * visible test, the printed output, the error marked in the editor), submit it (its page: each
 * visible test with input, expected and got, arrays diffed, hidden tests only counted), submit a
 * right one and see it pass → take a quiz → Check and submit a MODEL solution to a tiny real-data exercise and watch
 * the curve grow over the WebSocket while it runs → find them in History and compare two MODEL
 * submissions curve against curve. axe-core on every page.
 */
test('a new candidate registers, solves a coding exercise in zh-CN, takes a quiz and trains a model', async ({
  page,
}) => {
  // A bound, not a speed target: two MODEL trainings on a machine shared with other work can take minutes.
  test.setTimeout(900_000);
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

  // A statement without math costs no KaTeX: its chunk, stylesheet and fonts are never fetched.
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.locator('a[href="/exercises/stable-softmax"]').click();
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.getByRole('table', { name: /可见测试/ })).toBeVisible();
  await expect(page.locator('.markdown')).not.toBeEmpty();
  expect(fetched.filter((url) => /MathMarkdown|katex/i.test(url))).toEqual([]);
  const katexStyled = await page.evaluate(() =>
    [...document.styleSheets].some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('.katex'))),
  );
  expect(katexStyled).toBe(false);
  await expectAccessible(page, 'exercise (coding, zh-CN)');

  // The editor holds the starter, never the reference.
  await expect(page.locator('.cm-content')).toContainText('TODO: make it numerically stable');
  await expect(page.locator('.cm-content')).not.toContainText('Reference');

  // Run a wrong solution: not an attempt; the failing visible tests, what it printed, the error's line marked.
  await replaceCode(page, WRONG_SOFTMAX);
  await page.getByRole('button', { name: '运行', exact: true }).click();
  const run = page.getByTestId('run-result');
  await expect(run).toBeVisible({ timeout: 60_000 });
  await expect(run.getByRole('heading', { level: 2 })).toContainText('可见测试通过 0 / 3');
  const failed = run.locator('tr.failed');
  await expect(failed).toHaveCount(3);
  await expect(failed.filter({ hasText: 'four logits are not handled' })).toContainText('第 3 行');
  // Arrays are diffed: only the wrong first entry is marked.
  await expect(run.getByTestId('array-diff')).toHaveCount(2);
  await expect(run.getByTestId('array-diff').first()).toContainText('不同的项（已标出）：1；长度 3，应为 3');
  await expect(failed.first().locator('mark')).toHaveText(['0']);
  await expect(run.getByTestId('console-output')).toContainText('called with [1,2,3]');
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await expectAccessible(page, 'exercise (coding, after Run)');

  // Submit the wrong one: its page shows every visible test with input, expected and got, failed ones
  // first and open, arrays diffed; hidden tests only counted — nothing of their inputs or output.
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('submission-status')).toHaveText('未通过', { timeout: 90_000 });
  const tests = page.getByTestId('submission-tests');
  await expect(tests.getByRole('heading')).toContainText('可见测试通过 0 / 3');
  // Only the two that return nothing but zeroed first entries pass: no logits, and 0 first anyway (huge spread).
  await expect(tests.getByTestId('hidden-count')).toHaveText('隐藏测试通过 2 / 7');
  await expect(tests.locator('tr.failed')).toHaveCount(3);
  await expect(tests.locator('tr.failed details[open]')).toHaveCount(3);
  await expect(tests.locator('tr.failed').filter({ hasText: 'four logits are not handled' })).toContainText('第 3 行');
  await expect(tests.getByTestId('array-diff')).toHaveCount(2);
  await expect(tests.locator('tr.failed').first().locator('dd').first()).toHaveText('[[1,2,3]]');
  await expect(tests.locator('tr.failed').first().locator('mark')).toHaveText(['0']);
  await expect(page.getByTestId('console-output')).toContainText('called with [1,2,3]');
  await expect(page.getByTestId('console-output')).toContainText('7 hidden tests is not shown');
  for (const hidden of ['-1000,-1001', '710,710', '0,800,-800', 'very negative logits', 'a masked position'])
    await expect(page.locator('main')).not.toContainText(hidden);
  await expectAccessible(page, 'submission (coding, failed)');

  // Replace it with the reference solution and submit: every test passed, folded.
  await page.goBack();
  await replaceCode(page, readFileSync('exercises/stable-softmax/reference.ts', 'utf8'));
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('submission-status')).toHaveText('通过', { timeout: 90_000 });
  await expect(page.getByTestId('grade-summary')).toBeVisible();
  await expect(tests.getByRole('heading')).toContainText('可见测试通过 3 / 3');
  await expect(tests.getByTestId('hidden-count')).toHaveText('隐藏测试通过 7 / 7');
  await expect(tests.locator('tr.passed')).toHaveCount(3);
  await expect(tests.locator('details[open]')).toHaveCount(0);
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

  // A MODEL exercise on a real-data subset: Check shows the model's summary against the budget.
  await page.goto('/exercises/e2e-cifar-tiny');
  await replaceCode(page, readFileSync('exercises/cifar10-cnn/reference.ts', 'utf8'));
  await page.getByRole('button', { name: '检查', exact: true }).click();
  const check = page.getByTestId('check-result');
  await expect(check).toBeVisible({ timeout: 60_000 });
  await expect(check.getByRole('heading', { level: 2 })).toContainText('模型有效');
  await expect(check.getByTestId('check-total')).toContainText('122,570');
  await expectAccessible(page, 'exercise (model, after Check)');

  // Submit, and watch: every (points on the curve, status) pair the page shows is recorded as it changes.
  const epochFrames: number[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      if (typeof f.payload === 'string' && f.payload.includes('"kind":"EPOCH"')) epochFrames.push(Date.now());
    }),
  );
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const note = () => {
      const points = document.querySelector('[data-testid="curve"]')?.getAttribute('data-points') ?? '0';
      const status = document.querySelector('[data-testid="submission-status"]')?.textContent ?? '';
      const matrix = document.querySelector('[data-testid="confusion-matrix"]') ? 'matrix' : '';
      const entry = `${points}|${status}|${matrix}`;
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 300_000 });
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  const one = seen.indexOf('1|运行中|');
  const two = seen.indexOf('2|运行中|');
  expect(one, seen.join(' → ')).toBeGreaterThanOrEqual(0);
  expect(two, seen.join(' → ')).toBeGreaterThan(one);
  expect(
    seen.findIndex((e) => e.endsWith('|matrix')),
    seen.join(' → '),
  ).toBeGreaterThan(two);
  expect(epochFrames.length).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('curve').first()).toHaveAttribute('data-points', '3');
  await expectAccessible(page, 'submission (model, graded)');

  // A second MODEL submission (the one-dense-layer baseline, one epoch) to compare with.
  await page.goto('/exercises/e2e-cifar-tiny');
  await replaceCode(page, readFileSync('exercises/cifar10-cnn/baseline.ts', 'utf8'));
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 300_000 });

  // History lists all five submissions across exercises; the two MODEL ones compared curve against curve.
  await page.getByRole('navigation').getByRole('link', { name: '提交记录' }).click();
  const rows = page.locator('.history-table tbody tr');
  await expect(rows).toHaveCount(5);
  await expect(page.getByRole('button', { name: '对比所选的两次' })).toBeDisabled();
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: '对比所选的两次' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '对比两次提交' })).toBeVisible();
  await expect(page.getByTestId('compare-table').locator('thead th')).toHaveCount(2);
  await expect(page.getByTestId('compare-curve')).toHaveCount(2);
  await expect(page.getByTestId('compare-curve').first()).toHaveAttribute('data-series', '4');
  await expect(page.locator('table.epochs tbody tr')).toHaveCount(3);
  await expectAccessible(page, 'compare two submissions');

  await page.getByRole('navigation').getByRole('link', { name: '提交记录' }).click();
  await expect(rows).toHaveCount(5);
  await expectAccessible(page, 'history');
  await page.getByLabel('练习').selectOption('stable-softmax');
  await expect(page.locator('.history-table tbody tr')).toHaveCount(2);
  await expect(page.locator('.history-table tbody tr').first()).toContainText('通过');
  await expect(page.locator('.history-table tbody tr').nth(1)).toContainText('未通过');

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
