import { Button } from '@threshold/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../Badge.tsx';
import { DEFAULT_BADGE_RETURN_SECONDS, useBadgeReturn } from '../badge-return.ts';
import type { KioskStatus } from '../journey/types.ts';
import { PinPad } from '../PinPad.tsx';
import { Screen } from '../Screen.tsx';

interface Props {
  fullName: string;
  visitCode: string;
  signedInAt: Date;
  signatureReference: string | null;
  /** The sign-in is kept on the tablet until the connection is back: say so, and skip what needs the server. */
  kept: boolean;
  status: KioskStatus;
  onFinish: () => void;
}

const pageSize: Record<string, string> = { 'label-62mm': '62mm 100mm', a6: 'A6 portrait' };

export function BadgeScreen({ fullName, visitCode, signedInAt, signatureReference, kept, status, onFinish }: Props) {
  const { t, i18n } = useTranslation();
  // The escort's name appears on the badge once they have confirmed with their PIN.
  const [escortName, setEscortName] = useState<string | null>(null);
  const [pinOpen, setPinOpen] = useState(false);
  const returning = useBadgeReturn(status.badgeReturnSeconds ?? DEFAULT_BADGE_RETURN_SECONDS, !pinOpen, onFinish);
  // The print page size follows the site's badge stock (a 62 mm label roll or A6 card).
  useEffect(() => {
    const style = document.createElement('style');
    style.textContent = `@page { size: ${pageSize[status.badgeFormat] ?? pageSize['label-62mm']}; margin: 3mm; }`;
    document.head.append(style);
    return () => style.remove();
  }, [status.badgeFormat]);
  return (
    <Screen title={t('signedIn.title')}>
      {kept ? (
        <p className="kiosk-notice" role="status">
          {t('signedIn.kept')}
        </p>
      ) : null}
      <p className="kiosk-lead">{t('signedIn.wait')}</p>
      {returning.left !== null ? (
        <div className="kiosk-badge-return">
          <p role="timer" aria-atomic="true" data-testid="badge-return">
            {t('badgeReturn.countdown', { count: returning.left })}
          </p>
          <Button variant="secondary" onClick={returning.keep}>
            {t('badgeReturn.keep')}
          </Button>
        </div>
      ) : returning.kept ? (
        <p className="kiosk-badge-return" role="status">
          {t('badgeReturn.kept')}
        </p>
      ) : null}
      <div className={`kiosk-print kiosk-print--${status.badgeFormat}`}>
        <Badge
          fullName={fullName}
          visitCode={visitCode}
          signedInAt={signedInAt}
          siteName={status.siteName}
          escortName={escortName}
        />
      </div>
      {kept ? null : escortName ? (
        <p className="kiosk-notice" role="status">
          {t('pin.confirmed', { name: escortName })}
        </p>
      ) : pinOpen ? (
        <PinPad
          visitCode={visitCode}
          onConfirmed={(name) => {
            setEscortName(name);
            setPinOpen(false);
          }}
          onCancel={() => setPinOpen(false)}
        />
      ) : (
        <Button variant="secondary" onClick={() => setPinOpen(true)}>
          {t('pin.open')}
        </Button>
      )}
      <p>{t('signedIn.codeHelp')}</p>
      {signatureReference ? (
        <section className="kiosk-reference" aria-labelledby="reference-title">
          <h2 id="reference-title">{t('signedIn.referenceTitle')}</h2>
          <p className="kiosk-badge__code" data-testid="signature-reference">
            {signatureReference.slice(0, 4)} {signatureReference.slice(4)}
          </p>
          <p>
            {t('signedIn.referenceBody', {
              date: monthsAfter(signedInAt, status.signatureValidMonths).toLocaleDateString(i18n.language, {
                dateStyle: 'long',
              }),
            })}
          </p>
        </section>
      ) : null}
      <div className="kiosk-actions kiosk-actions--split">
        <Button size="large" variant="secondary" onClick={() => window.print()}>
          {t('signedIn.print')}
        </Button>
        <Button size="large" onClick={onFinish}>
          {t('signedIn.finish')}
        </Button>
      </div>
    </Screen>
  );
}

function monthsAfter(date: Date, months: number): Date {
  const later = new Date(date);
  later.setMonth(later.getMonth() + months);
  return later;
}
