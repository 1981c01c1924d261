/** Editing in Monaco with the keyboard only, as a user would; shared by the browser tests and the screenshots walk. */
import type { Page } from 'playwright-core';

/** Puts the cursor at the end of `from` on the line of `text` holding `needle` (Ctrl+G, End, arrows) and replaces it by typing `to`. */
export async function replaceOnLine(page: Page, text: string, needle: string, from: string, to: string): Promise<void> {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(needle));
  if (at < 0) throw new Error(`regel met ${needle} niet gevonden`);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(String(at + 1));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.keyboard.press('End');
  const after = lines[at].slice(lines[at].indexOf(from) + from.length);
  for (let i = 0; i < after.length; i++) await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < from.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(to);
}
