import { expect, type Page } from '@playwright/test';

/** Replaces the CodeMirror document (insertText bypasses auto-closing brackets and auto-indent). */
export async function replaceCode(page: Page, code: string): Promise<void> {
  await expect(page.locator('.cm-content')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}
