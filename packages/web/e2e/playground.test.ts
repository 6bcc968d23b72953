/**
 * The playground in a real browser against a real `gopherlab serve`: run a
 * program, see a failing test, compare two benchmark runs, draw a profile's
 * flame graph, share and reopen the code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, e2eUnavailableReason, editorText, launchChromium, setEditorText, startServer, type RunningServer } from './support/index.js';

const unavailable = e2eUnavailableReason(chromiumAvailable());

// Every step runs real Go code in the sandbox; on a loaded 2-core machine a
// cold compile takes tens of seconds.
const RUN_TIMEOUT = 240_000;

const HELLO = `package main

import "fmt"

func main() {
\tfmt.Println("hello from the e2e test", 6*7)
}
`;

const SUM_LOOP = `package main

import "fmt"

func Sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() { fmt.Println(Sum([]int{1, 2, 3})) }
`;

// Go 1.27 lets methods declare their own type parameters; Go 1.26 refuses them.
const GENERIC_METHOD = `package main

import "fmt"

type Stream[T any] struct{ items []T }

func (s Stream[T]) Map[U any](f func(T) U) Stream[U] {
	out := Stream[U]{}
	for _, it := range s.items {
		out.items = append(out.items, f(it))
	}
	return out
}

func main() {
	fmt.Println(Stream[int]{items: []int{1, 2, 3}}.Map(func(i int) int { return i * i }).items)
}
`;

const FAILING_TEST = `-- go.mod --
module example.com/e2e

go 1.26
-- calc.go --
package calc

func Add(a, b int) int { return a - b }
-- calc_test.go --
package calc

import "testing"

func TestAddPositive(t *testing.T) {
\tif got := Add(2, 3); got != 5 {
\t\tt.Errorf("Add(2, 3) = %d, want 5", got)
\t}
}

func TestAddZero(t *testing.T) {
\tif got := Add(0, 0); got != 0 {
\t\tt.Errorf("Add(0, 0) = %d, want 0", got)
\t}
}
`;

const BENCH = `-- go.mod --
module example.com/bench

go 1.26
-- sum.go --
package bench

func Sum(xs []int) int {
\ts := 0
\tfor _, x := range xs {
\t\ts += x
\t}
\treturn s
}
-- sum_test.go --
package bench

import "testing"

var xs = make([]int, 4096)

func BenchmarkSum(b *testing.B) {
\tfor b.Loop() {
\t\tSum(xs)
\t}
}

func BenchmarkConcat(b *testing.B) {
\tfor b.Loop() {
\t\ts := ""
\t\tfor i := 0; i < 64; i++ {
\t\t\ts += "x"
\t\t}
\t\t_ = s
\t}
}
`;

const RACY = `package main

import (
\t"fmt"
\t"sync"
)

func main() {
\tvar wg sync.WaitGroup
\tn := 0
\tfor i := 0; i < 4; i++ {
\t\twg.Add(1)
\t\tgo func() {
\t\t\tdefer wg.Done()
\t\t\tn++
\t\t}()
\t}
\twg.Wait()
\tfmt.Println(n)
}
`;

/** Replaces the playground's files with a txtar archive through the Import button. */
async function importTxtar(page: Page, txtar: string) {
  page.once('dialog', (d) => void d.accept(txtar));
  await page.getByRole('button', { name: 'Import txtar' }).click();
}

/** Does `action` (which starts a run) and waits for that run's final status, not a previous run's. */
async function runAndWait(page: Page, action: () => Promise<void>, timeout = 180_000): Promise<string> {
  const status = page.locator('[data-run-status]');
  const previous = (await status.count()) > 0 ? await status.getAttribute('data-run-id') : null;
  await action();
  // A function predicate, not a string: the app's CSP (script-src 'self') forbids eval in the page.
  const handle = await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-run-status]');
      return el && el.getAttribute('data-run-id') !== prev ? el.getAttribute('data-run-status') : null;
    },
    previous,
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}

describe.skipIf(unavailable !== null)('playground in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    await page.goto(server.url + '/');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs a program typed into the editor and streams its output', async () => {
    await setEditorText(page, HELLO);
    // Ctrl+Enter in the editor is the Run shortcut.
    expect(await runAndWait(page, () => page.keyboard.press('Control+Enter'))).toBe('ok');
    await expect.poll(() => page.getByRole('log', { name: 'Output' }).innerText()).toContain('hello from the e2e test 42');
  }, RUN_TIMEOUT);

  it('marks compile errors inline in the editor under a compile_error banner', async () => {
    await setEditorText(page, 'package main\n\nfunc main() {\n\tunused := 1\n}\n');
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Run', exact: true }).click())).toBe('compile_error');
    expect(await page.locator('.banner[data-status="compile_error"]').innerText()).toContain('does not compile');
    const mark = page.locator('.cm-lintRange-error').first();
    await mark.waitFor();
    expect(await mark.innerText()).toBe('unused');
  }, RUN_TIMEOUT);

  it('runs the same code on the release picked beside Run: a generic method compiles on Go 1.27, not on Go 1.26', async () => {
    await setEditorText(page, GENERIC_METHOD);
    const picker = page.getByRole('combobox', { name: 'Go release' });
    expect(await picker.inputValue()).toBe('1.27');
    const runButton = page.getByRole('button', { name: 'Run', exact: true });
    expect(await runAndWait(page, () => runButton.click())).toBe('ok');
    await expect.poll(() => page.getByRole('log', { name: 'Output' }).innerText()).toContain('[1 4 9]');
    expect(await page.locator('[data-run-status]').innerText()).toContain('go1.27.3');
    await picker.selectOption('1.26');
    expect(await runAndWait(page, () => runButton.click())).toBe('compile_error');
    expect(await page.locator('[data-run-status]').innerText()).toContain('go1.26.8');
    await page.locator('.cm-lintRange-error').first().waitFor();
    // The choice is remembered across reloads, then put back for the tests that follow.
    await page.reload();
    expect(await page.getByRole('combobox', { name: 'Go release' }).inputValue()).toBe('1.26');
    await page.getByRole('combobox', { name: 'Go release' }).selectOption('1.27');
  }, RUN_TIMEOUT);

  it('runs with the options panel: GOMAXPROCS and program arguments reach the program', async () => {
    await setEditorText(page, 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"runtime"\n)\n\nfunc main() { fmt.Println(runtime.GOMAXPROCS(0), os.Args[1:]) }\n');
    await page.getByText('Run options').click();
    await page.getByLabel('GOMAXPROCS').fill('2');
    await page.getByLabel('Program arguments').fill('alpha beta');
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Run', exact: true }).click())).toBe('ok');
    await expect.poll(() => page.getByRole('log', { name: 'Output' }).innerText()).toContain('2 [alpha beta]');
    // A value the runner refuses is reported as such, not run.
    await page.getByLabel('GOMAXPROCS').fill('999');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('body').innerText()).toMatch(/invalid_option|GOMAXPROCS|gomaxprocs/);
    await page.getByLabel('GOMAXPROCS').fill('');
    await page.getByLabel('Program arguments').fill('');
    await page.getByText('Run options').click();
  }, RUN_TIMEOUT);

  it('shows the assembly per source line and highlights the instructions of the line the cursor is on', async () => {
    await setEditorText(page, SUM_LOOP);
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Assembly', exact: true }).click())).toBe('ok');
    const loopBody = page.locator('.asm-block[data-asm-line="main.go:8"]').first();
    await loopBody.waitFor();
    expect(await loopBody.innerText()).toMatch(/ADDQ/);
    // The editor colours the lines that have instructions, with the same colour as the listing.
    const colour = (await loopBody.getAttribute('class'))!.match(/asm-c\d/)![0];
    expect(await page.locator(`.cm-line.${colour}`).count()).toBeGreaterThan(0);
    // Clicking a line in the listing moves the editor's cursor there, which highlights its blocks.
    await loopBody.getByRole('button').click();
    await expect.poll(() => page.locator('.asm-block.active').first().getAttribute('data-asm-line')).toBe('main.go:8');
    expect(await page.locator('.asm-instructions li[title]').first().getAttribute('title')).toMatch(/\w+: /);
  }, RUN_TIMEOUT);

  it('diffs the assembly against the previous listing after an edit', async () => {
    // The previous test listed SUM_LOOP; multiplying instead of adding changes Sum's machine code only.
    await setEditorText(page, SUM_LOOP.replace('t += x', 't *= x').replace('t := 0', 't := 1'));
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Assembly', exact: true }).click())).toBe('ok');
    const diff = page.locator('.asm-diff');
    await diff.waitFor();
    expect(await diff.locator('h3').innerText()).toMatch(/Changed since the previous listing: [1-9]/);
    const sum = diff.locator('pre[data-function="main.Sum"]');
    expect((await sum.locator('.diff-add').allInnerTexts()).join('\n')).toMatch(/IMULQ/);
    expect((await sum.locator('.diff-del').allInnerTexts()).join('\n')).toMatch(/ADDQ/);
  }, RUN_TIMEOUT);

  it('shows the compiler\'s SSA of the function the cursor is in, in a sandboxed frame', async () => {
    await setEditorText(page, SUM_LOOP);
    // The cursor on the loop inside Sum (line 7).
    await page.locator('.cm-line', { hasText: 't += x' }).click();
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'SSA', exact: true }).click())).toBe('ok');
    const frame = page.locator('.ssa-view iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts');
    await expect.poll(() => page.frameLocator('.ssa-view iframe').locator('body').innerText(), { timeout: 30_000 }).toMatch(/Sum/);
  }, RUN_TIMEOUT);

  it('explains a timeout in a banner with the limit that applied', async () => {
    // Sleeping (not spinning) reaches the wall-clock limit without loading the shared machine.
    await setEditorText(page, 'package main\n\nimport "time"\n\nfunc main() {\n\ttime.Sleep(time.Hour)\n}\n');
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Run', exact: true }).click())).toBe('timeout');
    const banner = page.locator('.banner[data-status="timeout"]');
    expect(await banner.innerText()).toMatch(/Time limit reached[\s\S]*stopped after \d+(\.\d)? s/);
  }, RUN_TIMEOUT);

  it('formats on Ctrl+S (through gopls once it is connected, else the sandbox\'s gofmt)', async () => {
    await setEditorText(page, 'package main\nimport "fmt"\nfunc main(){\nfmt.Println( "x" )\n}\n');
    await page.keyboard.press('Control+s');
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toBe('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("x")\n}\n');
  }, RUN_TIMEOUT);

  it('shows a failing test in the test table with its output', async () => {
    await importTxtar(page, FAILING_TEST);
    await page.getByRole('tab', { name: 'calc.go' }).waitFor();
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Test', exact: true }).click())).toBe('failed');
    const failing = page.locator('tr[data-test="TestAddPositive"]');
    await expect.poll(() => failing.getAttribute('data-status')).toBe('fail');
    expect(await page.locator('tr[data-test="TestAddZero"]').getAttribute('data-status')).toBe('pass');
    // Failing tests start expanded with their output.
    expect(await page.locator('.test-output').first().innerText()).toContain('Add(2, 3) = -1, want 5');
    expect(await page.getByRole('alert').first().innerText()).toContain('failed');
  }, RUN_TIMEOUT);

  it('benchmarks twice and compares the runs with benchstat', async () => {
    await importTxtar(page, BENCH);
    await page.getByRole('tab', { name: 'sum.go' }).waitFor();
    const bench = page.getByRole('button', { name: 'Benchmark', exact: true });
    expect(await runAndWait(page, () => bench.click())).toBe('ok');
    // -count 6 (what benchstat needs for a significant difference): one row per repetition.
    await page.locator('tr[data-bench="BenchmarkSum"]').first().waitFor();
    expect(await page.locator('.bench-compare').innerText()).toContain('Run Benchmark again');
    // Wait for the button to be enabled again, then run a second time.
    await expect.poll(() => bench.isEnabled()).toBe(true);
    expect(await runAndWait(page, () => bench.click())).toBe('ok');
    const benchstat = page.getByTestId('benchstat');
    await benchstat.waitFor({ timeout: 180_000 });
    const text = await benchstat.innerText();
    expect(text).toContain('previous');
    expect(text).toContain('this run');
    // A row per benchmark: old ± CI, new ± CI, then the delta (or ~) with the p-value.
    const sumRow = text.split('\n').find((l) => /^Sum\b/.test(l.trim()));
    expect(sumRow, text).toBeDefined();
    expect(sumRow!.split('±').length, text).toBe(3);
    expect(sumRow, text).toMatch(/(~|[+-]\d+\.\d+%) \(p=\d\.\d+ n=6\)/);
    expect(text).toContain('sec/op');
  }, RUN_TIMEOUT);

  it('benchmarks a one-file program twice and shows the improvement as significant', async () => {
    const program = (join: string) => `package main\n\nimport (\n\t"strings"\n\t"testing"\n)\n\nvar words = strings.Fields(strings.Repeat("go is fun to measure ", 50))\n\n${join}\n\nfunc BenchmarkJoin(b *testing.B) {\n\tfor b.Loop() {\n\t\tJoin(words)\n\t}\n}\n\nfunc main() {}\n`;
    const plus = 'func Join(ws []string) string {\n\ts := ""\n\tfor _, w := range ws {\n\t\ts += w + " "\n\t}\n\treturn s\n}';
    const builder = 'func Join(ws []string) string {\n\tvar b strings.Builder\n\tfor _, w := range ws {\n\t\tb.WriteString(w)\n\t\tb.WriteByte(\' \')\n\t}\n\treturn b.String()\n}';
    await importTxtar(page, `-- main.go --\n${program(plus)}`);
    const bench = page.getByRole('button', { name: 'Benchmark', exact: true });
    expect(await runAndWait(page, () => bench.click())).toBe('ok');
    await expect.poll(() => bench.isEnabled()).toBe(true);
    await setEditorText(page, program(builder));
    expect(await runAndWait(page, () => bench.click())).toBe('ok');
    const benchstat = page.getByTestId('benchstat');
    await benchstat.waitFor({ timeout: 180_000 });
    const text = await benchstat.innerText();
    // strings.Builder is many times faster than +=: with six runs a side benchstat calls it (p < 0.05).
    const row = text.split('\n').find((l) => /^Join\b/.test(l.trim()) && l.includes('p='));
    expect(row, text).toMatch(/-\d+\.\d+% \(p=0\.0[0-4]\d* n=6\)/);
  }, RUN_TIMEOUT);

  it('profiles and draws a flame graph', async () => {
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Profile', exact: true }).click())).toBe('ok');
    const canvas = page.locator('.flame canvas[role="img"]');
    await canvas.waitFor({ timeout: 60_000 });
    // The canvas has been drawn on: count non-transparent pixels.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const c = document.querySelector<HTMLCanvasElement>('.flame canvas[role=img]')!;
            const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
            return n;
          }),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(1000);
    // Hovering a frame shows the tooltip at once; clicking zooms (Reset zoom becomes enabled).
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 9);
    await page.getByRole('tooltip').waitFor({ timeout: 2_000 });
    await page.mouse.move(box.x + box.width / 3, box.y + box.height - 27);
    await page.mouse.click(box.x + box.width / 3, box.y + box.height - 27);
    await expect.poll(() => page.getByRole('button', { name: 'Reset zoom' }).isEnabled()).toBe(true);
  }, RUN_TIMEOUT);

  it('shows the top table, the cost per source line (each opening its line), and a diff flame graph against the previous profile', async () => {
    await page.getByRole('tab', { name: 'Top' }).click();
    expect(await page.locator('.top-table tbody tr').count()).toBeGreaterThan(0);
    // Lines: flat/cum per file:line; a line of the learner's file opens in the editor.
    await page.getByRole('tab', { name: 'Lines' }).click();
    const mine = page.locator('.top-table button', { hasText: /^main\.go:\d+$/ }).first();
    await mine.waitFor();
    const line = Number((await mine.innerText()).split(':')[1]);
    await mine.click();
    await expect.poll(() => page.locator('.cm-lineNumbers .cm-activeLineGutter').innerText()).toBe(String(line));
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Profile', exact: true }).click())).toBe('ok');
    await page.getByRole('tab', { name: 'Diff with previous profile' }).click();
    const canvas = page.locator('.flame canvas[role="img"]');
    await canvas.waitFor({ timeout: 60_000 });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 9);
    // Diff tooltips compare the two runs' shares of the total.
    await expect.poll(() => page.getByRole('tooltip').innerText(), { timeout: 5_000 }).toMatch(/base [\d.]+% -> new [\d.]+%/);
  }, RUN_TIMEOUT);

  it('puts the profile\'s line costs and the compiler\'s notes into one gutter beside the code', async () => {
    // After the profiles above: the hottest line of main.go carries its share, with the numbers in the tooltip.
    const hot = page.locator('.cm-insight.hot').first();
    await hot.waitFor({ timeout: 10_000 });
    expect(await hot.getAttribute('title')).toMatch(/^cpu: [\d.]+% on this line, [\d.]+% with what it calls/);
    // An escape run adds the compiler's decisions on the same gutter, and keeps the heat.
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Escape analysis', exact: true }).click())).toBe('ok');
    await expect.poll(() => page.locator('.cm-insight[title*="inline"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('.cm-insight.hot').count()).toBeGreaterThan(0);
  }, RUN_TIMEOUT);

  it('focuses and ignores profile samples by regexp, and says when a pattern is not one', async () => {
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Profile', exact: true }).click())).toBe('ok');
    await page.getByRole('tab', { name: 'Top' }).click();
    const rows = page.locator('.top-table tbody tr');
    const all = await rows.count();
    expect(all).toBeGreaterThan(1);
    await page.getByLabel('Focus (regexp):').fill('^runtime\\.');
    await expect.poll(async () => (await rows.allInnerTexts()).some((r) => /\bmain\./.test(r) && !/runtime\./.test(r))).toBe(false);
    await page.getByLabel('Focus (regexp):').fill('(');
    await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/regular expression|pattern/i);
    await page.getByLabel('Focus (regexp):').fill('');
    await page.getByLabel('Ignore:').fill('.');
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByLabel('Ignore:').fill('');
    await expect.poll(() => rows.count()).toBe(all);
  }, RUN_TIMEOUT);

  it('opens the sandwich of a function from the top table: its callers and callees, both drawn', async () => {
    const row = page.locator('.top-table tbody tr').first();
    const fn = await row.locator('code').first().innerText();
    await row.getByRole('button', { name: 'Sandwich' }).click();
    expect(await page.getByRole('tab', { name: 'Sandwich' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.sandwich select').inputValue()).toBe(fn);
    await expect.poll(() => page.locator('.sandwich canvas[role="img"]').count()).toBe(2);
    expect(await page.locator('.sandwich h4').allInnerTexts()).toEqual([`Who calls ${fn}: each path from the function out to the root of the stack`, `What ${fn} calls`]);
  }, RUN_TIMEOUT);

  it('opens the line of a flame-graph frame of the learner\'s code on double-click', async () => {
    await page.getByRole('tab', { name: 'Flame graph' }).click();
    const canvas = page.locator('.flame canvas[role="img"]').first();
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    // Walk up the middle of the graph until a frame of main.go is under the pointer (rows are 18 px).
    let line = 0;
    for (let row = 0; row < 30 && !line; row++) {
      const y = box.y + box.height - 9 - 18 * row;
      if (y < box.y) break;
      await page.mouse.move(box.x + box.width / 2, y);
      const tip = await page.getByRole('tooltip').innerText({ timeout: 2_000 }).catch(() => '');
      const m = /\/home\/gopher\/src\/main\.go:(\d+)/.exec(tip);
      if (m) {
        line = Number(m[1]);
        await page.mouse.dblclick(box.x + box.width / 2, y);
      }
    }
    expect(line).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cm-lineNumbers .cm-activeLineGutter').innerText()).toBe(String(line));
  }, RUN_TIMEOUT);

  it('filters a profile by a pprof label (pprof.Do)', async () => {
    await setEditorText(
      page,
      'package main\n\nimport (\n\t"context"\n\t"runtime/pprof"\n\t"testing"\n)\n\nfunc spin(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\ts += i * i\n\t}\n\treturn s\n}\n\nvar sink int\n\nfunc BenchmarkTenants(b *testing.B) {\n\tfor b.Loop() {\n\t\tpprof.Do(context.Background(), pprof.Labels("tenant", "alpha"), func(context.Context) { sink += spin(300000) })\n\t\tpprof.Do(context.Background(), pprof.Labels("tenant", "beta"), func(context.Context) { sink += spin(100000) })\n\t}\n}\n\nfunc main() {}\n',
    );
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Profile', exact: true }).click())).toBe('ok');
    await page.getByRole('tab', { name: 'Top' }).click();
    const pick = page.getByLabel('Label:');
    await pick.waitFor();
    expect(await pick.locator('option').allInnerTexts()).toEqual(['all samples', 'tenant=alpha', 'tenant=beta']);
    const spinRow = () => page.locator('.top-table tbody tr', { hasText: '.spin' }).first().locator('td').nth(3).innerText();
    const all = await spinRow();
    await pick.selectOption('tenant=beta');
    // Beta spins a third of what alpha does: its share of spin is smaller than the whole profile's.
    await expect.poll(spinRow).not.toBe(all);
    await pick.selectOption('');
    await expect.poll(spinRow).toBe(all);
  }, RUN_TIMEOUT);

  it('reports a data race with both stacks, each frame jumping to its line', async () => {
    await importTxtar(page, `-- main.go --\n${RACY}`);
    await page.getByRole('tab', { name: 'main.go' }).waitFor();
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Race', exact: true }).click())).toBe('failed');
    const race = page.locator('.race').first();
    await race.waitFor();
    // Both conflicting accesses, each with its own stack.
    expect(await race.locator('.race-access').count()).toBe(2);
    await race.getByRole('button', { name: /^Go to .*main\.go:15$/ }).first().click();
    await expect.poll(() => page.locator('.cm-activeLine').innerText()).toBe('\t\t\tn++');
  }, RUN_TIMEOUT);

  it('loads the fuzz example from the menu, fuzzes it, keeps the failing input and replays it with Test', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('combobox', { name: 'Examples…' }).selectOption('fuzz');
    await page.getByRole('tab', { name: 'reverse_test.go' }).waitFor();
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Fuzz', exact: true }).click(), 240_000)).toBe('failed');
    const keep = page.getByRole('button', { name: /Keep 1 input\(s\) as regression tests/ });
    await keep.click();
    const saved = page.getByRole('tab', { name: /^testdata\/fuzz\/FuzzReverse\// });
    await saved.waitFor();
    expect(await runAndWait(page, () => page.getByRole('button', { name: 'Test', exact: true }).click())).toBe('failed');
    // The seed from f.Add passes; the kept input fails, under its file name.
    await page.locator('tr[data-test^="FuzzReverse/"][data-status="fail"]').first().waitFor();
  }, RUN_TIMEOUT);

  it('shares the code with its options and opens the link in a new page', async () => {
    await importTxtar(page, `-- main.go --\n${HELLO}`);
    // Shared with Go 1.26 and the GC trace on: the link reopens with both.
    await page.getByRole('combobox', { name: 'Go release' }).selectOption('1.26');
    await page.getByLabel('GC trace').check();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = page.locator('a.share-link');
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/\/s\/[A-Za-z0-9_-]+$/);
    const other = await page.context().newPage();
    await other.goto(href);
    await expect.poll(() => editorText(other), { timeout: 30_000 }).toContain('hello from the e2e test');
    await expect.poll(() => other.getByRole('combobox', { name: 'Go release' }).inputValue()).toBe('1.26');
    expect(await other.getByLabel('GC trace').isChecked()).toBe(true);
    expect(await runAndWait(other, () => other.getByRole('button', { name: 'Run', exact: true }).click())).toBe('ok');
    expect(await other.locator('[data-run-status]').innerText()).toContain('go1.26.8');
    await other.close();
    await page.getByRole('combobox', { name: 'Go release' }).selectOption('1.27');
    await page.getByLabel('GC trace').uncheck();
  }, RUN_TIMEOUT);
});

// Where the browser tests cannot run, say why in the test report instead of passing silently.
if (unavailable !== null) {
  describe('playground in Chromium (not run)', () => {
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
}
