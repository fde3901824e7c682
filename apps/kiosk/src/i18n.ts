import '@fontsource/noto-sans-khmer/400.css';
import '@fontsource/noto-sans-khmer/700.css';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

// Adding a language is adding one file to ./locales: every file there is loaded, and names itself (meta.name).
const files = import.meta.glob<{ default: Record<string, unknown> & { meta: { name: string } } }>('./locales/*.json', {
  eager: true,
});

export const resources = Object.fromEntries(
  Object.entries(files).map(([path, module]) => [
    /([\w-]+)\.json$/.exec(path)?.[1] ?? path,
    { translation: module.default },
  ]),
);

export const DEFAULT_LANGUAGE = 'en';

/** Every language the kiosk speaks, English first, each named in its own language. */
export const languages = Object.entries(resources)
  .map(([code, { translation }]) => ({ code, name: String((translation.meta as { name: string }).name) }))
  .sort((a, b) => (a.code === DEFAULT_LANGUAGE ? -1 : b.code === DEFAULT_LANGUAGE ? 1 : a.code.localeCompare(b.code)));

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
