import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

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

interface Props {
  fullName: string;
  visitCode: string;
  signedInAt: Date;
  siteName: string | null;
  escortName: string | null;
}

/**
 * The visitor badge, as shown and as printed: name, visit code as text and QR (a keyboard-wedge scanner types the
 * code at sign-out), date, "escort required". No photo, no address, no site name at a concealed site.
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
  return (
    <section className="kiosk-badge" aria-label={t('badge.label')}>
      {siteName ? <p className="kiosk-badge__site">{siteName}</p> : null}
      <p className="kiosk-badge__name">{badgeName(fullName)}</p>
      <div className="kiosk-badge__code-row">
        <div>
          <p className="kiosk-badge__label">{t('badge.codeLabel')}</p>
          <p className="kiosk-badge__code" data-testid="visit-code">
            {formatVisitCode(visitCode)}
          </p>
        </div>
        {qr ? <img className="kiosk-badge__qr" src={qr} alt={t('badge.qrLabel')} /> : null}
      </div>
      <p className="kiosk-badge__date">{signedInAt.toLocaleDateString(i18n.language, { dateStyle: 'long' })}</p>
      <p className="kiosk-badge__escort">
        {escortName ? t('badge.escortedBy', { name: escortName }) : t('badge.escortRequired')}
      </p>
    </section>
  );
}
