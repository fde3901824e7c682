import { Button } from '@threshold/ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ScreenProps {
  title: string;
  step?: { step: number; total: number };
  onBack?: () => void;
  onStartAgain?: () => void;
  children: ReactNode;
}

/** One question per screen: a title, an optional step indicator, back and start-again in the same place. */
export function Screen({ title, step, onBack, onStartAgain, children }: ScreenProps) {
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
          {onStartAgain ? (
            <Button variant="secondary" onClick={onStartAgain}>
              {t('app.startAgain')}
            </Button>
          ) : null}
        </div>
      </header>
      <main className="kiosk-screen__main">
        <h1 className="kiosk-screen__title">{title}</h1>
        {children}
      </main>
    </div>
  );
}
