import { expect, test, type Request } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { replaceCode } from './editor.js';

/** The text of a GraphQL request whether urql sent it by GET (within the URL limit) or POST. */
const operationText = (request: Request): string =>
  request.method() === 'GET' ? decodeURIComponent(request.url()) : (request.postData() ?? '');

/**
 * Live updates can stop (a WebSocket refused or cut by a proxy): the submission page says so and
 * still reaches the result by re-reading the submission. Here the browser's WebSocket to the API is
 * refused at once (close code 4400, which graphql-ws does not retry), and the page's re-reads are
 * held back until the notice has been seen, so the test shows both the notice and that the result
 * arrived with no WebSocket to the API at all.
 */
test('the submission page reaches its result by re-reading it when live updates fail', async ({ page }) => {
  test.setTimeout(300_000);
  await page.routeWebSocket(/\/graphql/, (ws) => {
    ws.close({ code: 4400, reason: 'refused by the test' });
  });
  let submissionReads = 0;
  let releaseReads = () => {};
  const readsReleased = new Promise<void>((resolve) => (releaseReads = resolve));
  await page.route('**/graphql**', async (route) => {
    if (operationText(route.request()).includes('query Submission(') && ++submissionReads > 1) await readsReleased;
    await route.continue();
  });

  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('E-mail address').fill(`pw-live-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();

  await page.goto('/exercises/e2e-cifar-tiny');
  await replaceCode(page, readFileSync('exercises/cifar10-cnn/baseline.ts', 'utf8'));
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('submission-status')).toHaveText(/Queued|Running/);
  await expect(page.getByTestId('live-lost')).toHaveText(
    'Live updates are unavailable; this page checks the submission every few seconds instead.',
  );

  releaseReads();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('submission-status')).toHaveText(/Passed|Failed/);
  await expect(page.getByTestId('live-lost')).toHaveCount(0);
  expect(submissionReads).toBeGreaterThan(1);
});
