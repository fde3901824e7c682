import { useMutation } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf, useTRPC } from './api.ts';
import { pinRefusalKey } from './pin-refusal.ts';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

interface Props {
  visitCode: string;
  onConfirmed: (escortName: string) => void;
  onCancel: () => void;
}

/**
 * The escort's PIN, typed on large keys (never shown, only counted). The server checks it against the escort
 * assigned to this visit; wrong PINs are limited per escort and per kiosk.
 */
export function PinPad({ visitCode, onConfirmed, onCancel }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [pin, setPin] = useState('');
  // The button that opened the pad is gone: its heading takes the focus, so the pad is announced.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const confirm = useMutation(
    trpc.kiosk.confirmEscortWithPin.mutationOptions({
      onSuccess: ({ escortName }) => onConfirmed(escortName),
      onError: () => setPin(''),
    }),
  );
  const press = (digit: string) => setPin((p) => (p.length < 6 ? p + digit : p));
  return (
    <section className="kiosk-pin" aria-labelledby="pin-title">
      <h2 id="pin-title" ref={heading} tabIndex={-1} className="kiosk-pin__title">
        {t('pin.title')}
      </h2>
      <p>{t('pin.hint')}</p>
      <p className="kiosk-pin__dots" aria-live="polite">
        <span aria-hidden="true">{'●'.repeat(pin.length).padEnd(6, '○')}</span>
        <span className="th-visually-hidden">{t('pin.digits', { count: pin.length })}</span>
      </p>
      {confirm.error ? (
        <p className="th-field__error" role="alert">
          {t(pinRefusalKey(errorCodeOf(confirm.error)))}
        </p>
      ) : null}
      <div className="kiosk-pin__keys">
        {DIGITS.map((d) => (
          <Button
            key={d}
            variant="secondary"
            size="large"
            className={d === '0' ? 'kiosk-pin__zero' : undefined}
            onClick={() => press(d)}
            disabled={confirm.isPending}
          >
            {d}
          </Button>
        ))}
        <Button variant="secondary" size="large" onClick={() => setPin((p) => p.slice(0, -1))}>
          {t('pin.delete')}
        </Button>
      </div>
      <div className="kiosk-actions kiosk-actions--split">
        <Button variant="secondary" onClick={onCancel}>
          {t('pin.cancel')}
        </Button>
        <Button
          size="large"
          disabled={pin.length !== 6 || confirm.isPending}
          onClick={() => confirm.mutate({ visitCode, pin })}
        >
          {t('pin.submit')}
        </Button>
      </div>
    </section>
  );
}
