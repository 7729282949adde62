import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { replaceCode } from './editor.js';

/** Helpers of the hiring manager's browser walk (manager.pw.ts) and its screenshots (manager.shots.ts). */

export const PASSWORD = 'a long passphrase';
export const CSRF = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };

// Candidate 1's own solution, and candidate 2's copy of it with every name changed.
export const ORIGINAL = `export default function softmax(values: number[]): number[] {
  const top = values.reduce((m, v) => Math.max(m, v), -Infinity);
  const shifted = values.map((v) => Math.exp(v - top));
  const total = shifted.reduce((a, b) => a + b, 0);
  return shifted.map((v) => v / total);
}
`;
export const COPY = `export default function softmax(xs: number[]): number[] {
  // my own work
  const m = xs.reduce((acc, x) => Math.max(acc, x), -Infinity);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((x) => x / s);
}
`;

export async function gql<T>(
  req: APIRequestContext,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
) {
  const res = await req.post('/graphql', {
    headers: { ...CSRF, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    data: { query, variables },
  });
  return (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}
export async function must<T>(
  req: APIRequestContext,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
) {
  const body = await gql<T>(req, query, variables, token);
  if (body.errors || !body.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** What no page does: the first admin (as `npm run user:create` does), a verified address. */
export async function sql(text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  const db = new pg.Client({ connectionString: process.env.DOJO_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(text, values)).rows as Record<string, unknown>[];
  } finally {
    await db.end();
  }
}

export async function signUp(page: Page, name: string, email: string) {
  await page.goto('/signup');
  await page.getByLabel('Display name (optional)').fill(name);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(name);
}

/** A candidate in a browser context of their own: signed up through the web app. */
export async function candidate(browser: Browser, name: string, email: string) {
  const context = await browser.newContext({ baseURL: process.env.DOJO_WEB_URL });
  const page = await context.newPage();
  await signUp(page, name, email);
  return { context, page, req: context.request };
}

/** Opens the invitation link in the candidate's own browser and clicks Start: the attempt's page. */
export async function startInBrowser(page: Page, link: string): Promise<string> {
  await page.goto(link);
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

/** On the assessment's pages: the coding exercise, the code typed into the editor, Submit, the grade. */
export async function submitInBrowser(page: Page, assessmentId: string, code: string): Promise<string> {
  await page.goto(`/assessments/${assessmentId}`);
  await page.getByRole('link', { name: 'Numerically stable softmax' }).click();
  await replaceCode(page, code);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  const status = page.getByTestId('submission-status');
  await expect(status).toHaveText(/^(Passed|Failed)$/, { timeout: 120_000 });
  return status.innerText();
}

/** On the assessment's pages: the quiz answered (all right, or every other answer wrong); the score shown. */
export async function answerQuizInBrowser(page: Page, assessmentId: string, allRight: boolean): Promise<number> {
  await page.goto(`/assessments/${assessmentId}`);
  await page.getByRole('link', { name: /overfitting/i }).click();
  const fieldsets = page.locator('form.quiz fieldset');
  await expect(fieldsets).toHaveCount(5);
  const right: (string | string[])[] = ['b', ['a', 'b', 'd'], 'b', '7', 'b'];
  for (let i = 0; i < right.length; i++) {
    const answer = allRight || i % 2 === 0 ? right[i]! : 'c';
    const fieldset = fieldsets.nth(i);
    const text = fieldset.locator('input:not([type=radio]):not([type=checkbox])');
    if ((await text.count()) > 0) await text.fill(String(answer));
    else for (const v of [answer].flat()) await fieldset.locator(`input[value="${v}"]`).check();
  }
  await page.locator('form.quiz button[type="submit"]').click();
  const heading = page.locator('.quiz-result h2');
  await expect(heading).toContainText('Score:');
  return Number(/Score: (\d+)/.exec(await heading.innerText())![1]);
}

/** Submits code within the attempt and waits for the worker's grade. */
export async function submitAndWait(req: APIRequestContext, assessmentId: string, code: string) {
  const { submitSolution } = await must<{ submitSolution: { id: string } }>(
    req,
    'mutation($i: SubmitSolutionInput!) { submitSolution(input: $i) { id } }',
    { i: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code, assessmentId } },
  );
  await expect
    .poll(
      async () =>
        (
          await must<{ submission: { status: string } }>(req, 'query($id: ID!) { submission(id: $id) { status } }', {
            id: submitSolution.id,
          })
        ).submission.status,
      { timeout: 120_000, intervals: [500] },
    )
    .toMatch(/^(PASSED|FAILED)$/);
}

export async function answerQuiz(req: APIRequestContext, assessmentId: string, allRight: boolean) {
  const { assessmentExercise } = await must<{ assessmentExercise: { questions: { id: string }[] } }>(
    req,
    'query($a: ID!) { assessmentExercise(assessmentId: $a, slug: "overfitting-check") { questions { id } } }',
    { a: assessmentId },
  );
  const right: unknown[] = ['b', ['a', 'b', 'd'], 'b', '7', 'b'];
  const answers = Object.fromEntries(
    assessmentExercise.questions.map((q, i) => [q.id, allRight || i % 2 === 0 ? right[i] : 'c']),
  );
  return (
    await must<{ answerQuiz: { grade: { score: number } } }>(
      req,
      'mutation($a: ID!, $x: String!) { answerQuiz(exerciseSlug: "overfitting-check", assessmentId: $a, answers: $x) { grade { score } } }',
      { a: assessmentId, x: JSON.stringify(answers) },
    )
  ).answerQuiz.grade.score;
}

/**
 * A hiring manager of a new organisation, made by a new admin (the first admin comes from the
 * command line, `npm run user:create`; here, one SQL update).
 */
export async function newManager(request: APIRequestContext, stamp: number, managerEmail: string, name: string) {
  const admin = await must<{ register: { token: string } }>(
    request,
    'mutation($i: RegisterInput!) { register(input: $i) { token } }',
    { i: { email: `admin-${stamp}@example.com`, password: PASSWORD } },
  );
  await sql(`UPDATE users SET role = 'ADMIN' WHERE email = $1`, [`admin-${stamp}@example.com`]);
  await must(request, 'mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email: managerEmail, password: PASSWORD, displayName: name },
  });
  const org = await must<{ createOrganisation: { id: string } }>(
    request,
    'mutation { createOrganisation(input: { name: "Playwright Labs" }) { id } }',
    {},
    admin.register.token,
  );
  await must(
    request,
    'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { id } }',
    { i: { organisationId: org.createOrganisation.id, email: managerEmail } },
    admin.register.token,
  );
}

export async function signIn(page: Page, email: string, name: string) {
  await page.goto('/signin');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(name);
}
