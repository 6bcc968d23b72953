import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCourse } from './validate.js';

const testdata = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../testdata');

describe('validateCourse without a runner (structure only)', () => {
  it('passes the valid fixture course and counts what it holds', async () => {
    const report = await validateCourse(path.join(testdata, 'good'));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals).toMatchObject({ modules: 1, lessons: 2, labs: 1, codeBlocks: 4, runnableBlocks: 2, checksPassed: 0, checksFailed: 0 });
  });

  it('fails the broken fixture course', async () => {
    const report = await validateCourse(path.join(testdata, 'broken'));
    expect(report.ok).toBe(false);
    expect(report.totals.problems).toBe(report.problems.length);
    expect(report.problems.length).toBeGreaterThanOrEqual(8);
  });

  it('restricts problems to the selected lessons', async () => {
    const report = await validateCourse(path.join(testdata, 'broken'), { lessons: ['sum-lab'] });
    // sum-lab loads (the English front matter is valid) but its lab does not (lab.json is invalid).
    expect(report.totals).toMatchObject({ lessons: 1, labs: 0 });
    expect(report.problems.every((p) => !p.lesson || p.lesson === 'sum-lab')).toBe(true);
    expect(report.problems.some((p) => /minutes/.test(p.message))).toBe(true);
  });
});
