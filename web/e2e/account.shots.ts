import { expect, test, type Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { register, sql } from './invite.js';
import { shot } from './shots.js';

/**
 * Screenshots of the account pages reached from mail, in both languages: "Forgot your password?",
 * a mailed reset link's form and a mailed verification link opened. The links carry real tokens:
 * only a token's hash is stored, so the newest one is given the hash of a token known here.
 */
async function mailedLink(email: string, purpose: 'VERIFY_EMAIL' | 'RESET_PASSWORD'): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sql(
    `UPDATE email_tokens SET token_hash = $1
      WHERE email = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > now()`,
    [createHash('sha256').update(token).digest('hex'), email, purpose],
  );
  return token;
}

async function useLocale(page: Page, locale: string) {
  await page.goto('/signin');
  await page.getByTestId('locale-switch').selectOption(locale);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

test('screenshots of the account pages reached from mail in en and zh-CN', async ({ page }) => {
  for (const locale of ['en', 'zh-CN']) {
    // Short enough to show whole in the field (the stack's database is fresh for each run); lower
    // case, as addresses are stored, since the SQL below compares them as they are.
    const email = locale === 'en' ? 'ada@example.com' : 'lei@example.com';
    await register(email); // mails a verification link
    await useLocale(page, locale);

    await page.goto('/forgot-password');
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="email"]').blur();
    await shot(page, 'forgot-password', locale);
    await page.locator('form button[type="submit"]').click();
    await expect(page.getByTestId('reset-requested')).toBeVisible();

    await page.goto(`/reset-password?token=${await mailedLink(email, 'RESET_PASSWORD')}`);
    await page.locator('input[name="newPassword"]').fill('a new long passphrase');
    await page.locator('input[name="newPassword"]').blur();
    await shot(page, 'reset-password', locale);

    await page.goto(`/verify-email?token=${await mailedLink(email, 'VERIFY_EMAIL')}`);
    await expect(page.getByTestId('email-verified')).toBeVisible();
    await shot(page, 'verify-email', locale);
  }
});
