import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { isolateDirection } from '@threshold/validators/short-name';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api.ts';
import { Badge } from '../Badge.tsx';
import { badgeDate } from '../badge-date.ts';
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

// In millimetres: not every browser knows the name A6 (Chromium printed it on US Letter).
const pageSize: Record<string, string> = { 'label-62mm': '62mm 100mm', a6: '105mm 148mm' };
// How often the badge on screen asks whether the escort has confirmed on their phone.
const ESCORT_POLL_MS = 3000;

export function BadgeScreen({ fullName, visitCode, signedInAt, signatureReference, kept, status, onFinish }: Props) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  // The escort's name appears on the badge once they have confirmed: with their PIN here, or on their phone (asked
  // for until then; a badge kept on the tablet while offline is not on the server yet).
  const [pinEscortName, setPinEscortName] = useState<string | null>(null);
  const confirmed = useQuery(
    trpc.kiosk.badgeEscort.queryOptions(
      { visitCode },
      {
        enabled: !kept && pinEscortName === null,
        refetchInterval: (query) => (query.state.data?.escortName ? false : ESCORT_POLL_MS),
        retry: false,
        // Nothing of this visitor (not even their escort's name) stays in memory once the badge screen has gone.
        gcTime: 0,
      },
    ),
  );
  const escortName = pinEscortName ?? confirmed.data?.escortName ?? null;
  const [pinOpen, setPinOpen] = useState(false);
  // Cancelling the pad gives the focus back to the button that opened it, not to the page.
  const pinOpener = useRef<HTMLButtonElement>(null);
  const [pinCancelled, setPinCancelled] = useState(false);
  useEffect(() => {
    if (pinCancelled && !pinOpen) pinOpener.current?.focus();
  }, [pinCancelled, pinOpen]);
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
      {/* The only thing printed (badge.css): one label or card. */}
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
          {t('pin.confirmed', { name: isolateDirection(escortName) })}
        </p>
      ) : pinOpen ? (
        <PinPad
          visitCode={visitCode}
          onConfirmed={(name) => {
            setPinEscortName(name);
            setPinOpen(false);
          }}
          onCancel={() => {
            setPinCancelled(true);
            setPinOpen(false);
          }}
        />
      ) : (
        <Button ref={pinOpener} variant="secondary" onClick={() => setPinOpen(true)}>
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
              date: badgeDate(monthsAfter(signedInAt, status.signatureValidMonths), i18n.language),
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
