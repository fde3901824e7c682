import { Button } from '@threshold/ui';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function IdleWarning({ secondsLeft, onStillHere }: { secondsLeft: number; onStillHere: () => void }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div
      className="kiosk-overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-title"
      aria-describedby="idle-body"
    >
      <div className="kiosk-overlay__panel">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body">{t('idle.body', { count: secondsLeft })}</p>
        <Button ref={button} size="large" onClick={onStillHere}>
          {t('idle.stillHere')}
        </Button>
      </div>
    </div>
  );
}
