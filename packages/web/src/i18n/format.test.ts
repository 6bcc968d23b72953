import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import { isLang, translate } from './format.js';

describe('translate', () => {
  it('fills placeholders and keeps unknown ones visible', () => {
    expect(translate('en', 'tests.summary', { pass: 3, fail: 1, skip: 0 })).toBe('3 passed, 1 failed, 0 skipped');
    expect(translate('en', 'files.deleteConfirm', {})).toBe('Delete {name}?');
  });
  it('switches language', () => {
    expect(translate('zh-CN', 'action.run')).toBe('运行');
    expect(translate('en', 'action.run')).toBe('Run');
  });
  it('uses the same placeholders in every language', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(names(zhCN[key]), key).toBe(names(en[key]));
    }
  });
  it('recognises only supported languages', () => {
    expect(isLang('zh-CN')).toBe(true);
    expect(isLang('fr')).toBe(false);
  });
});
