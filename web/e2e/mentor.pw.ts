import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible } from './a11y.js';
import { replaceCode } from './editor.js';
import { createAccount, replaceCodeIn, signIn, signUp } from './staff.js';

/**
 * Issue 10, mentors and admins against the real API, worker, PostgreSQL and Redis: an admin
 * makes a new account a mentor (and sees it in the audit log); the mentor authors a coding
 * exercise (with its Python version and two practice hints, the second moved first), fills the
 * expected values from the reference, validates (the Python parts too), publishes; a candidate
 * finds it in its track, reveals the hint and solves it; the mentor's next edit shows in the
 * version diff.
 * axe-core on every page.
 */
const REFERENCE = `export default function clamp01(xs: number[]): number[] {
  return xs.map((x) => Math.min(1, Math.max(0, x)));
}
`;
const STARTER = `export default function clamp01(xs: number[]): number[] {
  return xs;
}
`;
const PY_REFERENCE = `import numpy as np

def clamp01(xs):
    return np.clip(np.asarray(xs, dtype=float), 0, 1).tolist()
`;
const PY_STARTER = `def clamp01(xs):
    return xs
`;
const TESTS = `compare: { kind: array }
visible:
  - { name: mixed, input: [[-1, 0.5, 2]], expected: null }
hidden:
  - { name: big, input: [[7, -7]], expected: null }
`;

async function contextPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test('an admin makes a mentor; the mentor authors, validates and publishes a coding exercise a candidate then solves', async ({
  browser,
}) => {
  const stamp = Date.now();
  const adminEmail = `pw-admin-${stamp}@example.com`;
  const mentorEmail = `pw-mentor-${stamp}@example.com`;
  const slug = `clamp-${stamp}`;
  createAccount(adminEmail, 'ADMIN');

  // A new account, then the admin gives it the MENTOR role.
  const mentor = await contextPage(browser);
  await signUp(mentor.page, mentorEmail, 'Mira Mentor');

  const admin = await contextPage(browser);
  await signIn(admin.page, adminEmail);
  await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(admin.page.getByRole('heading', { level: 1, name: 'Users and roles' })).toBeVisible();
  await admin.page.getByLabel('Search by e-mail or name').fill(mentorEmail);
  const row = admin.page.getByTestId('users-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expectAccessible(admin.page, 'admin: users');
  await row.getByLabel(`Role of ${mentorEmail}`, { exact: true }).selectOption('MENTOR');
  await row.getByRole('button', { name: `Change the role of ${mentorEmail}` }).click();
  await expect(row.getByRole('button', { name: `Change the role of ${mentorEmail}` })).toBeDisabled();
  await admin.page.getByRole('link', { name: 'Audit log' }).click();
  await admin.page.getByLabel('Action').fill('user.role_changed');
  const audit = admin.page.getByTestId('audit-table').locator('tbody tr').first();
  await expect(audit).toContainText('user.role_changed');
  await expect(audit).toContainText('"to":"MENTOR"');
  await expect(audit).toContainText(adminEmail);
  await expectAccessible(admin.page, 'admin: audit log');
  await admin.page.getByRole('link', { name: 'Organisations' }).click();
  await admin.page.getByLabel("New organisation's name").fill(`Org ${stamp}`);
  await admin.page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(admin.page.getByRole('heading', { level: 2, name: `Org ${stamp}` })).toBeVisible();
  await expectAccessible(admin.page, 'admin: organisations');

  // The role change ended the mentor's session: sign in again.
  await signIn(mentor.page, mentorEmail);
  const page = mentor.page;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Authoring' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My exercises' })).toBeVisible();
  await expect(page.getByText('You have not written an exercise yet.')).toBeVisible();
  await expectAccessible(page, 'mentor: my exercises (empty)');

  await page.getByRole('link', { name: 'New exercise' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New exercise' })).toBeVisible();
  await page.getByLabel('Slug', { exact: true }).fill(slug);
  await page.getByLabel('Track', { exact: true }).selectOption('foundations');
  await page.getByLabel('Title (English)').fill('Clamp to [0, 1]');
  await page.getByLabel('Title (Chinese)').fill('截断到 [0, 1]');
  await page.getByLabel('Summary (English)').fill('Clip every element into the unit interval.');
  await page.getByLabel('Summary (Chinese)').fill('把每个元素截断到单位区间。');
  await page
    .getByLabel('Statement in English (Markdown)', { exact: true })
    .fill('Implement **clamp01**: $\\min(1, \\max(0, x))$.');
  await page.getByLabel('Statement in Chinese (Markdown)', { exact: true }).fill('实现 **clamp01**。');
  // The live preview renders the Markdown as candidates will see it.
  const englishPreview = page.getByRole('region', { name: 'Live preview: Statement in English (Markdown)' });
  await expect(englishPreview.locator('strong')).toHaveText('clamp01');
  // Its $…$ is typeset by KaTeX, whose chunk is fetched only for a source with math.
  await expect(englishPreview.locator('.katex')).toBeVisible();
  await page.getByLabel('Tests (tests.yaml form)').fill(TESTS);
  await replaceCodeIn(page, 'reference-code', REFERENCE);
  await replaceCodeIn(page, 'starter-code', STARTER);
  // The Python version: function name, reference and starter.
  await page.getByLabel('Python function name').fill('clamp01');
  await replaceCodeIn(page, 'python-reference', PY_REFERENCE);
  await replaceCodeIn(page, 'python-starter', PY_STARTER);
  // Two hints in both languages; the second is moved first.
  await page.getByRole('button', { name: 'Add a hint' }).click();
  await page.getByLabel('Hint 1 (English)').fill('Values above 1 become 1.');
  await page.getByLabel('Hint 1 (Chinese)').fill('大于 1 的值变为 1。');
  await page.getByRole('button', { name: 'Add a hint' }).click();
  await page.getByLabel('Hint 2 (English)').fill('Negative values become 0.');
  await page.getByLabel('Hint 2 (Chinese)').fill('负值变为 0。');
  await page.getByRole('button', { name: 'Move hint 2 up' }).click();
  await expect(page.getByLabel('Hint 1 (English)')).toHaveValue('Negative values become 0.');
  await expectAccessible(page, 'mentor: new exercise');
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edit ${slug}` })).toBeVisible();

  // Expected values come from the reference, run in the sandbox.
  await page.getByRole('button', { name: 'Fill expected values from the reference' }).click();
  await expect(page.getByText('Expected values filled from the reference.')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Tests (tests.yaml form)')).toHaveValue(/"expected":\[0,0\.5,1\]/);
  await expect(page.getByLabel('Tests (tests.yaml form)')).toHaveValue(/"expected":\[1,0\]/);
  await expectAccessible(page, 'mentor: edit');

  await page.getByRole('link', { name: 'Back to the exercise' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clamp to [0, 1]' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await page.getByRole('button', { name: 'Validate the draft' }).click();
  await expect(page.getByTestId('validation-status')).toContainText('Passed', { timeout: 120_000 });
  const results = page.getByTestId('validation-results');
  await expect(results.getByRole('row', { name: /Reference/ })).toContainText('as it must');
  await expect(results.getByRole('row', { name: /^Starter/ })).toContainText('as it must');
  await expect(results.getByRole('row', { name: /Python reference/ })).toContainText('as it must');
  await expect(results.getByRole('row', { name: /Python starter/ })).toContainText('as it must');
  await expect(results.getByRole('row', { name: /^Reference/ })).toContainText(/\d+ of \d+ tests passed/);
  // The run's own words follow the page's language, not only the labels around them.
  await page.getByTestId('locale-switch').selectOption('zh-CN');
  await expect(results.getByRole('row', { name: /^参考解答/ })).toContainText(/\d+ 个测试通过了 \d+ 个/);
  await expect(page.locator('.validation .reason')).toContainText('参考解答通过全部测试，初始代码有测试不通过');
  // So does the page's heading: the draft's own title in that language.
  await expect(page.getByRole('heading', { level: 1, name: '截断到 [0, 1]' })).toBeVisible();
  await page.getByTestId('locale-switch').selectOption('en');
  // The preview, in the other language too.
  await expect(page.getByTestId('preview-en').locator('.preview-title')).toHaveText('Clamp to [0, 1]');
  await page.getByRole('radio', { name: '简体中文' }).check();
  await expect(page.getByTestId('preview-zh-CN').locator('.preview-title')).toHaveText('截断到 [0, 1]');
  await expect(page.getByTestId('preview-zh-CN')).toContainText('可见测试');
  await expectAccessible(page, 'mentor: draft validated');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.locator('.lead .badge').first()).toHaveText('Published');

  // A candidate finds it in its track and solves it.
  const candidate = await contextPage(browser);
  await signUp(candidate.page, `pw-cand-${stamp}@example.com`, 'Cleo Candidate');
  await candidate.page.goto('/');
  await candidate.page.getByRole('link', { name: 'Clamp to [0, 1]' }).click();
  await expect(candidate.page.getByRole('heading', { level: 1, name: 'Clamp to [0, 1]' })).toBeVisible();
  const help = candidate.page.getByRole('region', { name: 'Learning support' });
  await help.getByRole('button', { name: 'Reveal the first hint' }).click();
  await expect(help.locator('ol.hints li').first()).toContainText('Negative values become 0.');
  await replaceCode(candidate.page, REFERENCE);
  await candidate.page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(candidate.page.getByTestId('submission-status')).toHaveText('Passed', { timeout: 90_000 });

  // The mentor's next edit is version 2; the history shows what changed.
  await page.getByRole('link', { name: 'Edit (starts a new version)' }).click();
  await expect(page.getByText('This version is published: saving starts version 2 as a draft.')).toBeVisible();
  await page.getByLabel('Difficulty (1–5)').fill('4');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.goto(`/mentor/exercises/${slug}/versions`);
  const diff = page.getByTestId('version-diff');
  await expect(diff.getByRole('heading', { name: 'Difficulty' })).toBeVisible();
  await expect(diff.locator('.diff-removed')).toHaveText(/2/);
  await expect(diff.locator('.diff-added')).toHaveText(/4/);
  await expect(diff.getByRole('heading', { name: 'Tests' })).toHaveCount(0);
  await expectAccessible(page, 'mentor: versions');

  await page.goto('/mentor');
  await expect(page.getByTestId('my-exercises').locator('tbody tr')).toHaveCount(1);
  await expectAccessible(page, 'mentor: my exercises');

  for (const c of [mentor, admin, candidate]) await c.context.close();
});
