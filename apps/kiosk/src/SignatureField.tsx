import { Button } from '@threshold/ui';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type SignaturePad from 'signature_pad';

interface Props {
  value: string | null;
  onChange: (pngDataUrl: string | null) => void;
  error?: string | null;
}

/** A wide signature pad with a baseline and "clear"; signature_pad is loaded only when this step is reached. */
export function SignatureField({ value, onChange, error }: Props) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [ready, setReady] = useState(false);
  const changed = useRef(onChange);
  changed.current = onChange;
  // The pad is created once per mount, starting from the signature already given (coming back to this step).
  const initial = useRef(value);

  useEffect(() => {
    let disposed = false;
    void import('signature_pad').then(({ default: Pad }) => {
      const el = canvas.current;
      if (disposed || !el) return;
      // Draw at device resolution so the stored image is sharp.
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      el.width = el.offsetWidth * ratio;
      el.height = el.offsetHeight * ratio;
      el.getContext('2d')?.scale(ratio, ratio);
      const instance = new Pad(el, { penColor: '#111', minWidth: 1, maxWidth: 3 });
      if (initial.current) void instance.fromDataURL(initial.current, { ratio });
      instance.addEventListener('endStroke', () =>
        changed.current(instance.isEmpty() ? null : instance.toDataURL('image/png')),
      );
      pad.current = instance;
      setReady(true);
    });
    return () => {
      disposed = true;
      pad.current?.off();
      pad.current = null;
    };
  }, []);

  const clear = () => {
    pad.current?.clear();
    onChange(null);
  };

  return (
    <div className={['kiosk-signature', error ? 'th-field--error' : null].filter(Boolean).join(' ')}>
      <p className="th-field__label" id="signature-label">
        {t('sign.padLabel')}
      </p>
      {error ? (
        <p className="th-field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="kiosk-signature__area">
        <canvas
          ref={canvas}
          className="kiosk-signature__canvas"
          role="img"
          aria-labelledby="signature-label"
          data-ready={ready}
        />
        <div className="kiosk-signature__baseline" aria-hidden="true">
          ✕
        </div>
      </div>
      <Button variant="secondary" onClick={clear}>
        {t('sign.clear')}
      </Button>
    </div>
  );
}
