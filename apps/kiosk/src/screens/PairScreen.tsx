import { useMutation } from '@tanstack/react-query';
import { Button, ErrorSummary, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, useTRPC } from '../api.ts';
import { deviceToken } from '../device-token.ts';
import { Screen } from '../Screen.tsx';

// App.tsx's UNPAIRED_EVENT, sent when the server refuses the tablet's token (revoked), kept so this screen can say
// why. Spelled out: imported, it would be read before App.tsx (which imports this file) has run.
let refusedSinceLoad = false;
window.addEventListener('threshold:kiosk-unpaired', () => {
  refusedSinceLoad = true;
});

export function PairScreen({ onPaired }: { onPaired: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('Reception kiosk');
  const pair = useMutation(
    trpc.kiosk.pair.mutationOptions({
      onSuccess: ({ token }) => {
        refusedSinceLoad = false;
        deviceToken.set(token);
        onPaired();
      },
    }),
  );
  const errors = fieldErrorsOf(pair.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pair.mutate({ code, deviceName });
  };
  return (
    <Screen title={t('pair.title')}>
      {refusedSinceLoad ? (
        <p role="alert" className="kiosk-notice">
          {t('pair.revoked')}
        </p>
      ) : null}
      <p>{t('pair.intro')}</p>
      <ErrorSummary
        title={t('pair.problem')}
        message={pair.error && Object.keys(errors).length === 0 ? pair.error.message : null}
      />
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('pair.codeLabel')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
          className="kiosk-code-field"
        />
        <TextField
          label={t('pair.nameLabel')}
          value={deviceName}
          onChange={(e) => setDeviceName(e.target.value)}
          error={errors.deviceName}
        />
        <div className="kiosk-actions">
          <Button type="submit" size="large" disabled={pair.isPending}>
            {t('pair.submit')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}
