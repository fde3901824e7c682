import { Button } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyDocument } from '../journey/types.ts';
import { Screen, type ScreenProps } from '../Screen.tsx';

interface Props extends Omit<ScreenProps, 'children' | 'title'> {
  statement: JourneyDocument;
  accepted: boolean;
  onChange: (accepted: boolean) => void;
  onContinue: () => void;
}

/** Its own screen and its own explicit tick, never pre-ticked. */
export function NoPhotoScreen({ statement, accepted, onChange, onContinue, ...screen }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!accepted) return setError(t('noPhoto.error'));
    onContinue();
  };
  return (
    <Screen title={statement.title} {...screen}>
      <div className="kiosk-document kiosk-document--statement" lang={statement.language}>
        <NoCameraIcon />
        {statement.body.split(/\n{2,}/).map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </div>
      <form onSubmit={submit} noValidate>
        <div className={['th-field', error ? 'th-field--error' : null].filter(Boolean).join(' ')}>
          {error ? (
            <p className="th-field__error" role="alert" id="nophoto-error">
              {error}
            </p>
          ) : null}
          <label className="th-choice kiosk-agree">
            <input
              type="checkbox"
              checked={accepted}
              aria-describedby={error ? 'nophoto-error' : undefined}
              onChange={(e) => {
                setError(null);
                onChange(e.target.checked);
              }}
            />
            <span>{t('noPhoto.agree')}</span>
          </label>
        </div>
        <div className="kiosk-actions">
          <Button type="submit" size="large">
            {t('noPhoto.submit')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}

/** A camera crossed out; drawn as SVG so it never depends on an emoji font being installed. */
function NoCameraIcon() {
  return (
    <svg className="kiosk-nophoto-icon" viewBox="0 0 64 64" width="72" height="72" aria-hidden="true" focusable="false">
      <rect x="8" y="20" width="48" height="32" rx="5" fill="none" stroke="currentColor" strokeWidth="4" />
      <path d="M22 20l4-7h12l4 7" fill="none" stroke="currentColor" strokeWidth="4" strokeLinejoin="round" />
      <circle cx="32" cy="36" r="9" fill="none" stroke="currentColor" strokeWidth="4" />
      <line x1="8" y1="8" x2="56" y2="58" stroke="#b3261e" strokeWidth="6" strokeLinecap="round" />
    </svg>
  );
}
