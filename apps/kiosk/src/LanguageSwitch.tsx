import { useTranslation } from 'react-i18next';
import { languages } from './i18n.ts';

/** Always reachable; the choice lasts for this visitor only (reset returns to English). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="kiosk-languages" aria-label={t('app.language')}>
      {languages.map(({ code, name }) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="kiosk-languages__option"
          aria-pressed={i18n.language === code}
          onClick={() => void i18n.changeLanguage(code)}
        >
          {name}
        </button>
      ))}
    </nav>
  );
}
