import { badInput } from './domain-error.js';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export type LocalizedText = Record<Locale, string>;

export function parseLocale(value: string | undefined | null): Locale {
  if (value === undefined || value === null || value === '') return 'en';
  if ((LOCALES as readonly string[]).includes(value)) return value as Locale;
  throw badInput('locale', `locale: must be one of ${LOCALES.join(', ')} (got "${value}")`);
}

export function pick(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] ?? text.en;
}
