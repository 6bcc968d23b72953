import { describe, expect, it } from 'vitest';
import type { GradeCheck } from '../grader/types.js';
import type { WrongSolution } from '../loader/model.js';
import { judgeWrongSolution } from './validate.js';

const wrong = (expect: WrongSolution['expect']): WrongSolution => ({ name: 'w', dir: '/lab/wrong/w', expect, overlay: [], files: [] });

describe('judgeWrongSolution', () => {
  it('accepts the named check failing with its own finding', () => {
    const leak: GradeCheck = { kind: 'leak', name: 'goroutine leaks', passed: false, summary: '1 goroutine was still running', leakOutput: 'goleak: ...' };
    expect(judgeWrongSolution(wrong({ fails: 'leak', why: 'leaks a sender' }), [leak])).toBe('');
    const test: GradeCheck = { kind: 'test', name: 'hidden tests', passed: false, summary: '1 of 3 failed', failures: [{ test: 'TestB', output: 'want 2' }] };
    expect(judgeWrongSolution(wrong({ fails: 'test', test: 'TestB', why: 'off by one' }), [test])).toBe('');
  });

  it('rejects a check that passes, fails for another reason, or fails another test', () => {
    const passed: GradeCheck = { kind: 'leak', name: 'goroutine leaks', passed: true, summary: 'No goroutine was left running after the tests.' };
    expect(judgeWrongSolution(wrong({ fails: 'leak', why: 'leaks a sender' }), [passed])).toMatch(/passes this wrong solution \(leaks a sender\)/);
    const skipped: GradeCheck = { kind: 'leak', name: 'goroutine leaks', passed: false, summary: 'The leak search could not run', runStatus: 'failed' };
    expect(judgeWrongSolution(wrong({ fails: 'leak', why: 'leaks a sender' }), [skipped])).toMatch(/without finding a leak/);
    const other: GradeCheck = { kind: 'test', name: 'hidden tests', passed: false, summary: '1 of 3 failed: TestA.', failures: [{ test: 'TestA', output: '' }] };
    expect(judgeWrongSolution(wrong({ fails: 'test', test: 'TestB', why: 'off by one' }), [other])).toMatch(/expected TestB to fail/);
    const broken: GradeCheck = { kind: 'test', name: 'hidden tests', passed: false, summary: 'The code does not compile', runStatus: 'compile_error' };
    expect(judgeWrongSolution(wrong({ fails: 'test', why: 'off by one' }), [broken])).toMatch(/does not compile/);
  });
});
