import type { FieldError } from '@threshold/validators';
import type { TFunction } from 'i18next';

/** The language the server writes its messages in. */
const SERVER_LANGUAGE = 'en';

/**
 * A field error in the visitor's language, translated by its key (`fieldErrors.<key>` in the locale files) with its
 * params. A key the kiosk does not know yet says "check this answer" in the visitor's language; only an English
 * screen may show the server's own (English) words instead.
 */
export function fieldErrorText(t: TFunction, language: string, error: FieldError): string {
  const fallback = language === SERVER_LANGUAGE ? error.message : t('fieldErrors.generic');
  if (!error.key) return fallback;
  return t(`fieldErrors.${error.key}`, { ...error.params, defaultValue: fallback });
}

/** A refusal without field errors: the server's own words on an English screen, `translated` on any other. */
export function refusalText(language: string, serverMessage: string, translated: string): string {
  return language === SERVER_LANGUAGE ? serverMessage : translated;
}
