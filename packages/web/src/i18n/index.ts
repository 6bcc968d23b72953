export { I18nProvider, useI18n } from './I18nProvider.js';
export { LANGUAGES, isLang, translate, type Lang } from './format.js';
export type { MessageKey } from './en.js';
