import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const PASSWORD = 'a long passphrase';

/** An account with a staff role, made as an operator would: `npm run user:create` (compiled) on the stack's database. */
export function createAccount(email: string, role: 'ADMIN' | 'MENTOR' | 'HIRING_MANAGER' | 'CANDIDATE'): void {
  const databaseUrl = process.env.DOJO_DATABASE_URL;
  if (!databaseUrl)
    throw new Error('DOJO_DATABASE_URL is not set: run through web/playwright.config.ts (global-setup)');
  execFileSync(
    process.execPath,
    [path.resolve('dist/src/cli/user-create.js'), '--email', email, '--role', role, '--password', PASSWORD],
    { env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl }, stdio: 'pipe' },
  );
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

export async function signUp(page: Page, email: string, name: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Display name (optional)').fill(name);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(name);
}

/** Replaces the document of the CodeMirror editor inside `scope` (a test id). */
export async function replaceCodeIn(page: Page, testId: string, code: string): Promise<void> {
  const content = page.getByTestId(testId).locator('.cm-content');
  await expect(content).toBeVisible();
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}
