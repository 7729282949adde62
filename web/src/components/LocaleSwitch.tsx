import { useTranslation } from 'react-i18next';
import { LOCALES, setLocale, type Locale } from '../i18n';

/** The language switch in every page's header; the choice is remembered in localStorage. */
export function LocaleSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="locale-switch">
      <span>{t('nav.language')}</span>
      <select value={i18n.language} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="locale-switch">
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`locales.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
