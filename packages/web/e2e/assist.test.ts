/**
 * Editor assistance in a real browser against a real `gopherlab serve` and
 * the real sandboxed gopls: accept a completion, read a hover, jump to a
 * definition and see a diagnostic appear, all without pressing Run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, e2eUnavailableReason, editorText, launchChromium, setEditorText, startServer, type RunningServer } from './support/index.js';

const unavailable = e2eUnavailableReason(chromiumAvailable());

const PROGRAM = `package main

import "fmt"

// Greet returns a friendly greeting for name.
func Greet(name string) string { return "hello, " + name }

func main() {
\tmsg := Greet("gopher")
\tfmt.Println(msg)
}
`;

/** The centre of the first occurrence of `word` on the editor line containing `lineText`. */
async function wordCentre(page: Page, lineText: string, word: string): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([lineText, word]) => {
      const line = [...document.querySelectorAll('.cm-content .cm-line')].find((l) => l.textContent?.includes(lineText));
      if (!line) throw new Error(`no line with ${lineText}`);
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf(word);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + word.length);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
      throw new Error(`no ${word} on the line`);
    },
    [lineText, word] as const,
  );
}

describe.skipIf(unavailable !== null)('editor assistance (gopls) in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(server.url + '/');
    await setEditorText(page, PROGRAM);
    await page.locator('.assist-status[data-state="ready"]').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says gopls is on, with the Go release it uses', async () => {
    expect(await page.locator('.assist-status').innerText()).toMatch(/gopls \(Go 1\.27\.\d+\)/);
  });

  /** A new line after the line holding `after`, cursor on it. */
  async function newLineAfter(after: string) {
    const at = await wordCentre(page, after, after.slice(-1));
    await page.mouse.click(at.x + 40, at.y); // past the end of the line
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
  }

  it('offers standard-library completions after "fmt." and inserts the chosen one', async () => {
    await newLineAfter('fmt.Println(msg)');
    await page.keyboard.type('fmt.Sprin');
    const option = page.locator('.cm-tooltip-autocomplete .cm-completionLabel', { hasText: /^Sprintf$/ });
    await option.waitFor({ timeout: 30_000 });
    await option.click();
    await expect.poll(() => editorText(page)).toMatch(/\n\tfmt\.Sprintf\(/);
  }, 90_000);

  it('marks a mistake as it is typed, with gopls\'s message, without a run', async () => {
    await setEditorText(page, PROGRAM);
    await newLineAfter('fmt.Println(msg)');
    await page.keyboard.type('unused := 42');
    const mark = page.locator('.cm-lintRange-error', { hasText: 'unused' });
    await mark.waitFor({ timeout: 30_000 });
    await mark.hover();
    await expect.poll(() => page.locator('.cm-tooltip-lint').innerText(), { timeout: 10_000 }).toMatch(/declared and not used: unused/);
    expect(await page.locator('[data-run-status]').count()).toBe(0);
  }, 90_000);

  it('shows the doc comment on hover and jumps to the definition with F12', async () => {
    // Back to the clean program.
    await setEditorText(page, PROGRAM);
    const at = await wordCentre(page, 'msg := Greet', 'Greet');
    await page.mouse.move(at.x, at.y);
    const hover = page.locator('.cm-lsp-hover-tooltip');
    await hover.waitFor({ timeout: 30_000 });
    expect(await hover.innerText()).toMatch(/Greet returns a friendly greeting for name/);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('F12');
    await expect.poll(() => page.locator('.cm-activeLine').innerText(), { timeout: 30_000 }).toMatch(/^func Greet\(name string\) string/);
  }, 90_000);

  it('opens a standard-library definition read-only, at the definition', async () => {
    // Away from the last hover's tooltip, which would otherwise sit over the editor.
    await page.mouse.move(5, 880);
    await page.locator('.cm-lsp-hover-tooltip').waitFor({ state: 'detached' });
    await setEditorText(page, PROGRAM);
    const at = await wordCentre(page, 'fmt.Println(msg)', 'Println');
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('F12');
    const viewer = page.getByRole('dialog', { name: /fmt\/print\.go · Go 1\.27\.\d+ · read-only/ });
    await viewer.waitFor({ timeout: 30_000 });
    await expect.poll(() => viewer.locator('.cm-activeLine').innerText()).toMatch(/^func Println\(a \.\.\.any\)/);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  }, 90_000);

  it('adds a missing import and formats on Ctrl+S, as goimports would, through gopls', async () => {
    await page.mouse.move(5, 880);
    await setEditorText(page, 'package main\n\nimport "fmt"\n\nfunc main() {\n  fmt.Println(strings.ToUpper("go"))\n}\n');
    await page.keyboard.press('Control+s');
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toBe('package main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nfunc main() {\n\tfmt.Println(strings.ToUpper("go"))\n}\n');
  }, 90_000);

  it('names the analyzer behind a diagnostic and applies gopls\'s quick fix from its tooltip', async () => {
    await page.mouse.move(5, 880);
    await setEditorText(page, 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(strings.ToUpper("go"))\n}\n');
    const mark = page.locator('.cm-lintRange-error', { hasText: 'strings' });
    await mark.waitFor({ timeout: 30_000 });
    await mark.hover();
    const tooltip = page.locator('.cm-tooltip-lint');
    await expect.poll(() => tooltip.innerText(), { timeout: 10_000 }).toMatch(/undefined: strings/);
    expect(await tooltip.locator('.cm-diagnosticSource').first().innerText()).toMatch(/compiler/);
    const fix = tooltip.locator('.cm-diagnosticAction', { hasText: /import/i }).first();
    await fix.waitFor({ timeout: 30_000 });
    await fix.click();
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toMatch(/import \(\n\t"fmt"\n\t"strings"\n\)/);
  }, 90_000);
});
