import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGoleakText } from './grade.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../testdata/grader/goleak-fetch-starter.txt');

describe('parseGoleakText', () => {
  it('counts every leaked goroutine of a real goleak report and names the first', () => {
    const text = `=== RUN   TestX\n--- PASS: TestX (0.00s)\nPASS\n${readFileSync(fixture, 'utf8')}FAIL\texample.com/fetch\t2.1s\n`;
    const got = parseGoleakText(text)!;
    expect(got.count).toBe(6);
    expect(got.first).toEqual({ function: 'example.com/fetch.FetchAll.func1', state: 'chan send' });
    expect(got.raw.startsWith('goleak: Errors on test run: found unexpected goroutines:')).toBe(true);
    expect(got.raw.endsWith('\n]')).toBe(true);
  });

  it('finds nothing in a clean run', () => {
    expect(parseGoleakText('PASS\nok  \texample.com/fetch\t0.1s\n')).toBeUndefined();
  });
});
