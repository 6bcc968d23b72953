/** Helpers that drive the CodeMirror editor the way a user does: focus, select all, type. */
import type { Page } from 'playwright-core';

export async function setEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.waitFor({ state: 'visible', timeout: 30_000 });
  // Away from the editor first: a hover or lint tooltip left open would sit over it.
  await page.mouse.move(0, 0);
  await page.locator('.cm-tooltip-hover, .cm-tooltip-lint').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // insertText delivers the text as one input event: CodeMirror inserts it
  // verbatim (no auto-indent or bracket closing that typing would trigger).
  await page.keyboard.insertText(text);
}

export async function editorText(page: Page): Promise<string> {
  // An empty line renders as <br>, whose innerText is "\n".
  return (await page.locator('.cm-content .cm-line').allInnerTexts()).map((l) => l.replace(/\n$/, '')).join('\n');
}
