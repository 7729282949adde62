import { defineConfig } from '@playwright/test';

/**
 * Browser tests: Debian's Chromium (browser downloads are unreachable here), driven against the
 * real API and worker on a fresh database (web/e2e/stack.ts). Run after `npm run build`:
 *   npm run test:browser
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.pw.ts',
  globalSetup: './e2e/global-setup.ts',
  timeout: 480_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: '../dist/playwright',
  use: {
    browserName: 'chromium',
    baseURL: process.env.DOJO_WEB_URL,
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
