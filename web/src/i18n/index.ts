import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import adminEn from './admin/en.json';
import adminZhCN from './admin/zh-CN.json';
import managerEn from './manager/en.json';
import managerZhCN from './manager/zh-CN.json';
import mentorEn from './mentor/en.json';
import mentorZhCN from './mentor/zh-CN.json';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
/** The one thing the app keeps in localStorage besides drafts: the chosen language. */
const KEY = 'dojo.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLocale(locale: Locale): void {
  localStorage.setItem(KEY, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

const lng = initialLocale();
document.documentElement.lang = lng;
void i18n.use(initReactI18next).init({
  // Each staff area keeps its own catalogue (web/src/i18n/<area>/), read as `<area>.<key>`.
  resources: {
    en: { translation: { ...en, manager: managerEn, mentor: mentorEn, admin: adminEn } },
    'zh-CN': { translation: { ...zhCN, manager: managerZhCN, mentor: mentorZhCN, admin: adminZhCN } },
  },
  lng,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export default i18n;
