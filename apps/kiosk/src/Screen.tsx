import { Button } from '@threshold/ui';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from './i18n.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export interface ScreenProps {
  title: string;
  step?: { step: number; total: number };
  onBack?: () => void;
  onStartAgain?: () => void;
  /** Shows the language switch (every screen a visitor reads or answers). */
  showLanguages?: boolean;
  children: ReactNode;
}

/** One question per screen: a title, a step indicator, back / start again and the language switch in fixed places. */
export function Screen({ title, step, onBack, onStartAgain, showLanguages, children }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <div className="kiosk-screen">
      <header className="kiosk-screen__bar">
        <div className="kiosk-screen__nav">
          {onBack ? (
            <Button variant="secondary" onClick={onBack}>
              ← {t('app.back')}
            </Button>
          ) : null}
        </div>
        {step ? <p className="kiosk-screen__step">{t('app.stepOf', step)}</p> : <span />}
        <div className="kiosk-screen__nav kiosk-screen__nav--end">
          {showLanguages && languages.length > 1 ? <LanguageSwitch /> : null}
          {onStartAgain ? (
            <Button variant="secondary" onClick={onStartAgain}>
              {t('app.startAgain')}
            </Button>
          ) : null}
        </div>
      </header>
      <main className="kiosk-screen__main">
        <Title key={title} text={title} />
        {children}
      </main>
    </div>
  );
}

/**
 * Focus follows the question: each new title takes the focus, so a screen reader announces it — unless the screen has
 * already put it in a field of its own (so the on-screen keyboard is up).
 */
function Title({ text }: { text: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const focused = document.activeElement;
    const inField = focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement;
    if (!(inField && heading.current?.parentElement?.contains(focused)))
      heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 className="kiosk-screen__title" ref={heading} tabIndex={-1}>
      {text}
    </h1>
  );
}
