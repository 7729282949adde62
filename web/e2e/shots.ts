import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/**
 * Where `npm run docs:screenshots` writes the README's pictures, `<name>.<locale>.png`. With
 * `SHOTS=name,name` only those are written (the walk still runs), so a change to one page
 * regenerates its pictures and leaves the others' bytes alone.
 */
const OUT = 'docs/screenshots';
const only =
  process.env.SHOTS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [];

export async function shot(page: Page, name: string, locale: string): Promise<void> {
  if (only.length > 0 && !only.includes(name)) return;
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}/${name}.${locale}.png`, fullPage: true });
}
