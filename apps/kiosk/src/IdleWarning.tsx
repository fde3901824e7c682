import { Button } from '@threshold/ui';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The "are you still there?" dialog: announced as an alert dialog, focus on its one big button, and handed back to
 * where the visitor was (their field, so the keyboard comes back) when they ask for more time.
 */
export function IdleWarning({ secondsLeft, onStillHere }: { secondsLeft: number; onStillHere: () => void }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    button.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
    };
  }, []);
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
        <Button ref={button} size="large" className="kiosk-overlay__more-time" onClick={onStillHere}>
          {t('idle.moreTime')}
        </Button>
      </div>
    </div>
  );
}
