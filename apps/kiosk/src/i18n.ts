import '@fontsource/noto-sans-khmer/400.css';
import '@fontsource/noto-sans-khmer/700.css';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import km from './locales/km.json';

/** Every language's resources; each file has exactly the keys of en.json (a test checks). */
export const resources = { en: { translation: en }, km: { translation: km } };

export const languageNames: Record<string, string> = { en: 'English', km: 'ខ្មែរ' };

export const DEFAULT_LANGUAGE = 'en';

void i18next.use(initReactI18next).init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false },
});

// Screen readers and the browser's line breaking follow the document's language.
i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18next;
