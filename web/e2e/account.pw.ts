import { expect, test } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { expectAccessible } from './a11y.js';
import { register, sql } from './invite.js';

/**
 * A forgotten password: "Forgot your password?" on sign-in → the neutral answer → the mailed
 * link (only its hash is stored, so the test swaps in the hash of a token it knows) → a new
 * password → signed in with it; the link is single use.
 */
test('a candidate resets a forgotten password through the mailed link', async ({ page }) => {
  const email = `pw-reset-${Date.now()}@example.com`;
  const newPassword = 'another long passphrase';
  await register(email);

  await page.goto('/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByTestId('reset-requested')).toContainText('If an account has this address');
  await expectAccessible(page, 'forgot password');

  const token = randomBytes(32).toString('base64url');
  await sql(
    `UPDATE email_tokens SET token_hash = $1
      WHERE email = $2 AND purpose = 'RESET_PASSWORD' AND used_at IS NULL AND expires_at > now()`,
    [createHash('sha256').update(token).digest('hex'), email],
  );
  await page.goto(`/reset-password?token=${token}`);
  await page.getByLabel('New password').fill(newPassword);
  await expectAccessible(page, 'reset password');
  await page.getByLabel('New password').press('Enter');
  await expect(page.getByTestId('password-reset')).toContainText('Please sign in with the new password.');

  await page.getByTestId('password-reset').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();

  // Single use: the same link again says so.
  await page.goto(`/reset-password?token=${token}`);
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByTestId('bad-link')).toContainText('invalid, has expired or was already used');
});
