import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

const DICTS: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function isLang(v: unknown): v is Lang {
  return LANGUAGES.some((l) => l.code === v);
}

/** Looks up `key` in `lang` and fills `{name}` placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = DICTS[lang][key] ?? en[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
