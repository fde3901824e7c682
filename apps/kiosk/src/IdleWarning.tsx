import { Button } from '@threshold/ui';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The "are you still there?" dialog: announced as an alert dialog, focus on its one big button, and handed back to
 * where the visitor was (their field, so the keyboard comes back) when they ask for more time. While it is up the
 * screen behind is inert, so neither a screen reader nor Tab can wander into a page that is about to be wiped.
 */
export function IdleWarning({ secondsLeft, onStillHere }: { secondsLeft: number; onStillHere: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    const behind = [...(dialog.current?.parentElement?.children ?? [])].filter(
      (el): el is HTMLElement => el instanceof HTMLElement && el !== dialog.current,
    );
    for (const el of behind) el.inert = true;
    button.current?.focus();
    return () => {
      for (const el of behind) el.inert = false;
      if (before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
    };
  }, []);
  return (
    <div
      ref={dialog}
      className="kiosk-overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-title"
      aria-describedby="idle-body"
    >
      <div className="kiosk-overlay__panel">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body">{t('idle.body', { count: secondsLeft })}</p>
        <Button
          ref={button}
          size="large"
          className="kiosk-overlay__more-time"
          onClick={onStillHere}
          // The dialog's only control: Tab stays on it rather than leaving for the browser's own controls.
          onKeyDown={(e) => {
            if (e.key === 'Tab') e.preventDefault();
          }}
        >
          {t('idle.moreTime')}
        </Button>
      </div>
    </div>
  );
}
