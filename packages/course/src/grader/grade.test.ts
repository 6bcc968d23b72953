import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '@gopherlab/runner';
import { leakSearchSkipped, parseGoleakText, parseSynctestDeadlock } from './grade.js';

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

const synctestPanic = `--- FAIL: TestFirstErrorCancelsTheRest (0.00s)
panic: deadlock: main bubble goroutine has exited but blocked goroutines remain [recovered, repanicked]

goroutine 7 [running]:
testing.tRunner.func1.2({0x56c4e0, 0xd6b745920f0})
\t/usr/local/go/src/testing/testing.go:1974 +0x232

goroutine 10 [chan send (durable), synctest bubble 1]:
example.com/batch.ProcessAll[...].func1()
\t/tmp/x/batch.go:30 +0x1e
created by example.com/batch.ProcessAll[...] in goroutine 9
\t/tmp/x/batch.go:22 +0x5f

goroutine 11 [chan send (durable), synctest bubble 1]:
example.com/batch.ProcessAll[...].func1()
\t/tmp/x/batch.go:30 +0x1e
FAIL\texample.com/batch\t0.004s
`;

describe('parseSynctestDeadlock', () => {
  it('reads the goroutines a synctest bubble left blocked as a leak', () => {
    const got = parseSynctestDeadlock(synctestPanic)!;
    expect(got.count).toBe(2);
    expect(got.first).toEqual({ function: 'example.com/batch.ProcessAll[...].func1', state: 'chan send (durable)' });
    expect(got.raw.startsWith('panic: deadlock: main bubble goroutine')).toBe(true);
    expect(got.raw).not.toMatch(/FAIL/);
  });

  it('finds nothing in an ordinary panic', () => {
    expect(parseSynctestDeadlock('panic: boom\n\ngoroutine 7 [running]:\n')).toBeUndefined();
  });
});

describe('leakSearchSkipped', () => {
  const report = (over: Partial<RunReport>): RunReport => ({ stdout: '', stderr: '', tests: [], leaks: [], status: 'failed', ...over }) as RunReport;
  const ran = (name: string, status: 'pass' | 'fail', output = '') => ({ name, status, output }) as RunReport['tests'][number];

  it('says why when the binary crashed or exited before the search', () => {
    expect(leakSearchSkipped(report({ tests: [ran('TestA', 'fail', 'panic: runtime error: index out of range [3] with length 3\n\ngoroutine 6 [running]:\n'), ran('TestB', 'pass')] }), ['TestA', 'TestB'])).toMatch(/crashed \(panic: runtime error: index out of range/);
    expect(leakSearchSkipped(report({ tests: [ran('TestA', 'pass')] }), ['TestA', 'TestB'])).toMatch(/exited before TestB ran/);
  });

  it('accepts a run that got to its end, failing or not', () => {
    expect(leakSearchSkipped(report({ tests: [ran('TestA', 'fail', 'x_test.go:9: got 1, want 2\n'), ran('TestB', 'pass')] }), ['TestA', 'TestB'])).toBeUndefined();
    // Printing the word is not a crash: a crash comes with a goroutine dump.
    expect(leakSearchSkipped(report({ stdout: 'panic: not really\n', tests: [ran('TestA', 'pass')] }), ['TestA'])).toBeUndefined();
  });
});
