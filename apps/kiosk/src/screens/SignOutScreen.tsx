import { useMutation } from '@tanstack/react-query';
import { Button, ErrorSummary, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, useTRPC } from '../api.ts';
import { Screen } from '../Screen.tsx';

export function SignOutScreen({ onSignedOut, onBack }: { onSignedOut: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [code, setCode] = useState('');
  const signOut = useMutation(trpc.visits.signOut.mutationOptions({ onSuccess: onSignedOut }));
  const errors = fieldErrorsOf(signOut.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signOut.mutate({ visitCode: code });
  };
  return (
    <Screen title={t('signOut.title')} onBack={onBack} onStartAgain={onBack}>
      <ErrorSummary
        title={t('signOut.problem')}
        message={signOut.error && !errors.visitCode ? signOut.error.message : null}
      />
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('signOut.codeLabel')}
          hint={t('signOut.codeHint')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.visitCode}
          className="kiosk-code-field"
        />
        <div className="kiosk-actions">
          <Button type="submit" size="large" disabled={signOut.isPending}>
            {t('signOut.submit')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}
