import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppError } from '@gopherlab/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from './course.js';
import { capture } from './testing.js';

const testdata = resolve(dirname(fileURLToPath(import.meta.url)), '../../../course/testdata');


afterEach(() => {
  vi.restoreAllMocks();
});

describe('gopherlab course', () => {
  it('validate --structure-only passes a valid course and prints the totals', async () => {
    const io = capture();
    const code = await command.run(['validate', '--structure-only', resolve(testdata, 'good')]);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^OK: 1 modules, 2 lessons, 1 labs, 4 code blocks \(2 runnable\); sandbox checks 0 passed, 0 failed; 0 content problems; wall time/m);
  });

  it('validate --structure-only --json exits 1 and lists every problem of a broken course', async () => {
    const io = capture();
    const code = await command.run(['validate', '--structure-only', '--json', resolve(testdata, 'broken')]);
    expect(code).toBe(1);
    const report = JSON.parse(io.out()) as { ok: boolean; problems: { file: string; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.file.endsWith('hello/lesson.en.md') && /lesson:no-such-lesson/.test(p.message))).toBe(true);
  });

  it('list prints modules and lessons', async () => {
    const io = capture();
    expect(await command.run(['list', resolve(testdata, 'good')])).toBe(0);
    expect(io.out()).toContain('01-basics  Basics (2 lessons)');
    expect(io.out()).toMatch(/sum-lab\s+10 min lab\s+Sum lab/);
  });

  it('rejects bad usage with stable codes', async () => {
    capture();
    expect(await command.run(['frobnicate'])).toBe(2);
    const jobs = await command.run(['validate', '--jobs', '0', resolve(testdata, 'good')]).catch((e: unknown) => e);
    expect(isAppError(jobs) && jobs.code).toBe('invalid_option');
    const missing = await command.run(['grade', 'no-such-lab', '.', '--course', resolve(testdata, 'good')]).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe('lesson_not_found');
    const noLab = await command.run(['grade', 'hello', '.', '--course', resolve(testdata, 'good')]).catch((e: unknown) => e);
    expect(isAppError(noLab) && noLab.code).toBe('lab_not_found');
  });
});
