import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

/** `npm run docs:screenshots`: the main pages in en and zh-CN, written to docs/screenshots/. */
export default defineConfig({ ...base, testMatch: '**/*.shots.ts', timeout: 600_000 });
