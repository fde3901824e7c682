import { isolateDirection, shortName } from '@threshold/validators/short-name';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { badgeDate } from './badge-date.ts';
import './badge.css';

export function formatVisitCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Long first names get a smaller type size, so they stay on the label instead of running off it. */
function nameSize(name: string): string {
  const length = [...graphemes.segment(name)].length;
  return length > 22 ? ' kiosk-badge__name--longer' : length > 13 ? ' kiosk-badge__name--long' : '';
}

interface Props {
  fullName: string;
  visitCode: string;
  signedInAt: Date;
  siteName: string | null;
  /** The confirmed escort's short name, once they have confirmed (PIN at the kiosk, or their phone). */
  escortName: string | null;
}

/**
 * The visitor badge, as shown and as printed: short name (seen by everyone in the building), visit code as text and
 * QR (a keyboard-wedge scanner types the code at sign-out), date, "escort required" always, and with whom once
 * confirmed. No photo, no address, no site name at a concealed site.
 */
export function Badge({ fullName, visitCode, signedInAt, siteName, escortName }: Props) {
  const { t, i18n } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then((qrcode) =>
      qrcode.toDataURL(visitCode, { margin: 0, errorCorrectionLevel: 'M', width: 240 }).then((url) => {
        if (live) setQr(url);
      }),
    );
    return () => {
      live = false;
    };
  }, [visitCode]);
  const name = shortName(fullName);
  return (
    <section className="kiosk-badge" aria-label={t('badge.label')}>
      {siteName ? <p className="kiosk-badge__site">{siteName}</p> : null}
      {/* dir="auto": a right-to-left name keeps its initial on the reading-order side. */}
      <p className={`kiosk-badge__name${nameSize(name)}`} dir="auto" data-testid="badge-name">
        {name}
      </p>
      <div className="kiosk-badge__code-row">
        <div className="kiosk-badge__code-box">
          <p className="kiosk-badge__label">{t('badge.codeLabel')}</p>
          <p className="kiosk-badge__code" data-testid="visit-code">
            {formatVisitCode(visitCode)}
          </p>
        </div>
        {qr ? <img className="kiosk-badge__qr" src={qr} alt={t('badge.qrLabel')} /> : null}
      </div>
      <p className="kiosk-badge__date" data-testid="badge-date">
        {badgeDate(signedInAt, i18n.language)}
      </p>
      <p className="kiosk-badge__escort">{t('badge.escortRequired')}</p>
      {escortName ? (
        <p className="kiosk-badge__escort-with" data-testid="badge-escort">
          {t('badge.escortWith', { name: isolateDirection(escortName) })}
        </p>
      ) : null}
    </section>
  );
}
