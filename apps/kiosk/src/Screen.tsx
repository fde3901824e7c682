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
  /** After the title, focus goes on to the screen's first text field, so the on-screen keyboard is up. */
  focusField?: boolean;
  children: ReactNode;
}

/** One question per screen: a title, a step indicator, back / start again and the language switch in fixed places. */
export function Screen({ title, step, onBack, onStartAgain, showLanguages, focusField, children }: ScreenProps) {
  const { t } = useTranslation();
  const languageSwitch = showLanguages && languages.length > 1;
  // A bar with nothing in it would only be an empty band above the title.
  const bar = Boolean(onBack || languageSwitch || onStartAgain);
  return (
    <div className="kiosk-screen">
      {bar ? (
        <header className="kiosk-screen__bar">
          <div className="kiosk-screen__nav">
            {onBack ? (
              <Button variant="secondary" onClick={onBack}>
                ← {t('app.back')}
              </Button>
            ) : null}
          </div>
          <div className="kiosk-screen__nav kiosk-screen__nav--end">
            {languageSwitch ? <LanguageSwitch /> : null}
            {onStartAgain ? (
              <Button variant="secondary" onClick={onStartAgain}>
                {t('app.startAgain')}
              </Button>
            ) : null}
          </div>
        </header>
      ) : null}
      <main className="kiosk-screen__main">
        {/* Above the question, not in the bar: on an upright tablet the bar has no room for it in Khmer. */}
        {step ? <p className="kiosk-screen__step">{t('app.stepOf', step)}</p> : null}
        <Title key={title} text={title} focusField={focusField ?? false} />
        {children}
      </main>
    </div>
  );
}

const TEXT_FIELD =
  'input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]):not([disabled]), textarea:not([disabled])';

/**
 * Focus follows the question: each new title (a new step, or the same step in another language) starts at the top
 * and takes the focus, so a screen reader announces it and nothing stays on the body or on a reused button; then,
 * on a screen that asks for typing, the first field takes it (its label repeats the question).
 */
function Title({ text, focusField }: { text: string; focusField: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const title = heading.current;
    if (!title) return;
    window.scrollTo(0, 0);
    title.focus({ preventScroll: true });
    if (focusField) title.parentElement?.querySelector<HTMLElement>(TEXT_FIELD)?.focus({ preventScroll: true });
  }, [focusField]);
  return (
    <h1 className="kiosk-screen__title" ref={heading} tabIndex={-1}>
      {text}
    </h1>
  );
}
