import { describe, expect, it } from 'vitest';
import { EMPTY_FIELDS, fieldsFrom, optionsFor } from './runOptions.js';

describe('playground run options', () => {
  it('keeps the per-action defaults and puts the learner values on top', () => {
    expect(optionsFor('bench', false)).toEqual({ count: 6, benchtime: '50ms' });
    expect(optionsFor('run', true, '1.26')).toEqual({ goVersion: '1.26', godebug: 'gctrace=1' });
    const fields = { ...EMPTY_FIELDS, gomaxprocs: '2', godebug: 'schedtrace=100', goexperiment: 'nogreenteagc', count: '10', benchtime: '100x', run: 'TestX', args: 'a  b' };
    expect(optionsFor('bench', true, undefined, fields)).toEqual({ count: 10, benchtime: '100x', godebug: 'gctrace=1,schedtrace=100', gomaxprocs: 2, goexperiment: 'nogreenteagc', run: 'TestX' });
    // Program arguments only for run; test flags only for test-like actions.
    expect(optionsFor('run', false, undefined, fields)).toEqual({ godebug: 'schedtrace=100', gomaxprocs: 2, goexperiment: 'nogreenteagc', args: ['a', 'b'] });
  });
  it('fills the fields back from a shared link', () => {
    expect(fieldsFrom({ gomaxprocs: 4, godebug: 'gctrace=1,inittrace=1', count: 6, benchtime: '50ms', args: ['x'] })).toEqual({ ...EMPTY_FIELDS, gomaxprocs: '4', godebug: 'inittrace=1', args: 'x' });
  });
});
