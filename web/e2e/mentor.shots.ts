import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { CSRF } from './csrf.js';
import { createAccount, signIn } from './staff.js';
import { shot } from './shots.js';

/**
 * Screenshots of the mentor and admin pages in both languages (docs/screenshots/), against the
 * real stack: a coding exercise (with hints and a Python version) authored, filled, validated and
 * published, then edited into version 2 (for the diff); a MODEL draft in the editor, validated on
 * a small real-data subset so its page shows the training curves.
 */

/** One GraphQL call with the page's session cookie (and the CSRF headers the API requires). */
async function gql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await page.evaluate(
    async ([q, v, headers]) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: q, variables: v }),
      });
      return res.json() as Promise<{ data?: unknown; errors?: unknown }>;
    },
    [query, variables, CSRF] as const,
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

const text = (en: string, zhCN: string) => ({ en, zhCN });
const CODING = {
  slug: 'relu-clip',
  type: 'CODING',
  trackSlug: 'foundations',
  difficulty: 2,
  title: text('ReLU, clipped at 6', 'ReLU6 激活'),
  summary: text('min(max(0, x), 6) for every element.', '对每个元素取 min(max(0, x), 6)。'),
  statement: text(
    '# ReLU6\n\nImplement `relu6(xs)`: $\\min(\\max(0, x), 6)$ for each element.\n\n| x | relu6 |\n|---|---|\n| -1 | 0 |\n| 7 | 6 |',
    '# ReLU6\n\n实现 `relu6(xs)`：对每个元素取 $\\min(\\max(0, x), 6)$。',
  ),
  skills: [],
  entry: 'default',
  testsYaml:
    'compare: { kind: array }\nvisible:\n  - { name: mixed, input: [[-1, 3, 7]], expected: null }\nhidden:\n  - { name: empty, input: [[]], expected: null }\n',
  threshold: 1,
  starterCode: 'export default function relu6(xs: number[]): number[] {\n  return xs;\n}\n',
  referenceCode:
    'export default function relu6(xs: number[]): number[] {\n  return xs.map((x) => Math.min(Math.max(0, x), 6));\n}\n',
  pythonEntry: 'relu6',
  pythonStarter: 'def relu6(xs):\n    return xs\n',
  pythonReference:
    'import numpy as np\n\ndef relu6(xs):\n    return np.clip(np.asarray(xs, dtype=float), 0, 6).tolist()\n',
  hints: [
    text('Negative inputs become 0.', '负数输入变为 0。'),
    text('Inputs above 6 become 6: np.clip does both ends at once.', '大于 6 的输入变为 6：np.clip 可以同时处理两端。'),
  ],
};
const MODEL = {
  slug: 'cifar-small-cnn',
  type: 'MODEL',
  trackSlug: 'foundations',
  difficulty: 3,
  title: text('A small CNN for CIFAR-10', 'CIFAR-10 小型卷积网络'),
  summary: text(
    'Beat 25 % on a 2,000-image subset with at most 150,000 parameters.',
    '在 2,000 张图像的子集上，用不超过 150,000 个参数超过 25 %。',
  ),
  statement: text('Build a CNN with at most **150,000** parameters.', '构建一个参数不超过 **150,000** 的卷积网络。'),
  skills: [],
  dataset: 'cifar10',
  task: { inputShape: [32, 32, 3], numClasses: 10, output: 'softmax' },
  budget: {
    // The reference is the guide's CNN (122,570 parameters); a tighter cap refused it untrained.
    maxParams: 150000,
    maxEpochs: 3,
    maxBatchSize: 256,
    wallClockSeconds: 600,
    trainSubset: 2000,
    testSubset: 1000,
  },
  threshold: 0.25,
  starterCode: readFileSync('exercises/cifar10-cnn/starter.ts', 'utf8'),
  referenceCode: readFileSync('exercises/cifar10-cnn/reference.ts', 'utf8'),
  baselineCode: readFileSync('exercises/cifar10-cnn/baseline.ts', 'utf8'),
};

test('screenshots of the mentor and admin pages in en and zh-CN', async ({ page }) => {
  const stamp = Date.now();
  const email = `shots-admin-${stamp}@example.com`;
  createAccount(email, 'ADMIN');
  createAccount(`shots-mentor-${stamp}@example.com`, 'MENTOR');
  createAccount(`shots-manager-${stamp}@example.com`, 'HIRING_MANAGER');
  await signIn(page, email);

  await gql(page, 'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }', { i: CODING });
  await gql(page, 'mutation { fillExpectedValues(slug: "relu-clip") { slug } }');
  const run = await gql<{ validateExercise: { id: string } }>(
    page,
    'mutation { validateExercise(slug: "relu-clip") { id } }',
  );
  await expect
    .poll(
      async () =>
        (
          await gql<{ exerciseValidation: { status: string } }>(
            page,
            'query($id: ID!) { exerciseValidation(id: $id) { status } }',
            {
              id: run.validateExercise.id,
            },
          )
        ).exerciseValidation.status,
      { timeout: 120_000 },
    )
    .toBe('PASSED');
  await gql(page, 'mutation { publishExercise(slug: "relu-clip") { slug } }');
  await gql(page, 'mutation($i: ExerciseDraftPatch!) { updateExercise(slug: "relu-clip", input: $i) { version } }', {
    i: { difficulty: 3, summary: text('min(max(0, x), 6), element by element.', '逐元素取 min(max(0, x), 6)。') },
  });
  await gql(page, 'mutation($i: ExerciseDraftInput!) { createExercise(input: $i) { slug } }', { i: MODEL });
  await gql(page, 'mutation { validateExercise(slug: "cifar-small-cnn") { id } }');
  const org = await gql<{ createOrganisation: { id: string } }>(
    page,
    'mutation { createOrganisation(input: { name: "Acme Vision" }) { id } }',
  );
  await gql(page, 'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { id } }', {
    i: { organisationId: org.createOrganisation.id, email: `shots-manager-${stamp}@example.com` },
  });

  for (const locale of ['en', 'zh-CN']) {
    await page.goto('/mentor');
    await page.getByTestId('locale-switch').selectOption(locale);
    await expect(page.getByTestId('my-exercises').locator('tbody tr')).toHaveCount(2);
    await shot(page, 'mentor-exercises', locale);

    await page.goto('/mentor/exercises/cifar-small-cnn/edit');
    await expect(page.locator('[data-testid="reference-code"] .cm-content')).toBeVisible();
    await expect(page.locator('.statement-field .markdown strong').first()).toBeVisible();
    await shot(page, 'mentor-editor-model', locale);

    await page.goto('/mentor/exercises/relu-clip/edit');
    await expect(page.locator('[data-testid="python-reference"] .cm-content')).toBeVisible();
    await expect(page.getByTestId('hint')).toHaveCount(2);
    await shot(page, 'mentor-editor-coding', locale);

    // The MODEL draft's validation (started above) with each trained solution's curves.
    await page.goto('/mentor/exercises/cifar-small-cnn');
    await expect(page.locator('.validation .running')).toHaveCount(0, { timeout: 300_000 });
    await expect(page.getByTestId('validation-curves-reference').getByTestId('curve').first()).toBeVisible();
    await expect(page.getByTestId('validation-curves-baseline')).toBeVisible();
    await page.getByTestId('validation-results').scrollIntoViewIfNeeded();
    await shot(page, 'mentor-validation-model', locale);

    await page.goto('/mentor/exercises/relu-clip/versions');
    await expect(page.getByTestId('version-diff')).toBeVisible();
    await shot(page, 'mentor-versions', locale);

    // Version 2 is a draft: validated once (in the first language), the page follows the run to its result.
    await page.goto('/mentor/exercises/relu-clip');
    if (locale === 'en') await page.locator('.validation button').click();
    await expect(page.getByTestId('validation-results')).toBeVisible({ timeout: 120_000 });
    await expect(page.locator('.validation .running')).toHaveCount(0);
    await expect(page.locator('.preview-panel .markdown code').first()).toBeVisible();
    await shot(page, 'mentor-exercise', locale);

    await page.goto('/admin');
    await expect(page.getByTestId('users-table').locator('tbody tr').first()).toBeVisible();
    await shot(page, 'admin-users', locale);

    await page.goto('/admin/organisations');
    await expect(page.locator('section.organisation li').first()).toBeVisible();
    await shot(page, 'admin-organisations', locale);

    await page.goto('/admin/audit');
    await expect(page.getByTestId('audit-table').locator('tbody tr').first()).toBeVisible();
    await shot(page, 'admin-audit', locale);
  }
});
