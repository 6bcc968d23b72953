/**
 * Hostile: learner code that tries to read the lab's hidden tests while it
 * is being graded (from init, from the function the tests call, from every
 * directory it can reach) and to copy them into the grade through test
 * output, a panic or stderr. No line of the hidden test source may reach the
 * grade, in any check kind that runs the learner's code (test, race, bench).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeLab } from './grade.js';
import { tryOpenSandboxRunner, type OpenedRunner } from './open-runner.js';
import { loadCourse } from '../loader/load.js';
import type { Lab } from '../loader/model.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureRoot = path.resolve(here, '../../testdata/good');
const SECRET = 'gopherlab-sealed-canary-5d1f0c7e';

/** Reads every *_test.go under the module root, /tmp and $HOME and returns it through every channel it has. */
const THIEF = `package sum

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

var stolen string

func steal() string {
	var b strings.Builder
	root, _ := os.Getwd()
	for dir := root; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil || dir == "/" {
			root = dir
			break
		}
	}
	for _, top := range []string{root, "/tmp", os.Getenv("HOME")} {
		filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, "_test.go") {
				if data, err := os.ReadFile(p); err == nil {
					b.WriteString(p + ":\\n" + string(data))
				}
			}
			return nil
		})
	}
	b.WriteString("\\nsealed-probe-ran")
	return b.String()
}

func init() {
	stolen = steal()
	os.Stdout.WriteString(stolen)
	os.Stderr.WriteString(stolen)
}

// Sum panics with whatever it found, so the test output carries it into the grade.
func Sum(xs []int) int {
	panic(stolen + steal())
}
`;

describe('hidden tests stay hidden from the code they grade', () => {
  let opened: OpenedRunner | undefined;
  let unavailable = '';
  beforeAll(async () => {
    const r = await tryOpenSandboxRunner();
    if ('reason' in r) unavailable = r.reason;
    else opened = r;
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('no line of a hidden test file reaches the grade of test, race or bench', async (ctx) => {
    // Skipped only on hosts without isolation: course code never runs outside the sandbox.
    if (!opened) return ctx.skip(`no sandbox on this host: ${unavailable}`);
    const course = await loadCourse(fixtureRoot);
    const fixture = course.lessonById.get('sum-lab')!.lab!;
    const tests = fixture.tests.map((f) => (f.name.endsWith('_test.go') ? { ...f, content: `${f.content}\n// ${SECRET}\n` } : f));
    const lab: Lab = { ...fixture, tests, spec: { ...fixture.spec, checks: [{ kind: 'test' }, { kind: 'race' }, ...fixture.spec.checks.filter((c) => c.kind === 'bench')] } };
    const grade = await gradeLab(opened.runner, lab, [...fixture.starter.filter((f) => f.name === 'go.mod'), { name: 'sum.go', content: THIEF }], { noCache: true });
    const text = JSON.stringify(grade);
    // The probe really ran in each check (its own marker is in the output), and found nothing.
    expect(grade.checks.map((c) => c.kind)).toEqual(['test', 'race', 'bench']);
    for (const c of grade.checks.slice(0, 2)) expect(JSON.stringify(c)).toContain('sealed-probe-ran');
    expect(text).not.toContain(SECRET);
    const sourceLines = tests[0]!.content.split('\n').map((l) => l.trim()).filter((l) => l.length >= 12);
    expect(sourceLines.length).toBeGreaterThan(5);
    for (const line of sourceLines) expect(text, line).not.toContain(JSON.stringify(line).slice(1, -1));
  }, 180_000);
});
