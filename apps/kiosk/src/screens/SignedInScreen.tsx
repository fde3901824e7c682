import { Button } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { Screen } from '../Screen.tsx';
import type { SignedInVisit } from './DetailsScreen.tsx';

/** First name and last initial only: the badge is seen by everyone in the building. */
export function badgeName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/);
  const first = parts[0] ?? '';
  const last = parts.length > 1 ? parts.at(-1) : undefined;
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : first;
}

export function formatVisitCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

export function SignedInScreen({ visit, onFinish }: { visit: SignedInVisit; onFinish: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Screen title={t('signedIn.title')} step={{ step: 2, total: 2 }}>
      <p className="kiosk-lead">{t('signedIn.wait')}</p>
      <section className="kiosk-badge" aria-label={t('signedIn.codeLabel')}>
        <p className="kiosk-badge__name">{badgeName(visit.fullName)}</p>
        <p className="kiosk-badge__label">{t('signedIn.codeLabel')}</p>
        <p className="kiosk-badge__code" data-testid="visit-code">
          {formatVisitCode(visit.visitCode)}
        </p>
        <p className="kiosk-badge__date">{new Date().toLocaleDateString(i18n.language, { dateStyle: 'long' })}</p>
        <p className="kiosk-badge__escort">{t('signedIn.badgeEscort')}</p>
      </section>
      <p>{t('signedIn.codeHelp')}</p>
      <div className="kiosk-actions">
        <Button size="large" onClick={onFinish}>
          {t('signedIn.finish')}
        </Button>
      </div>
    </Screen>
  );
}
