import { useMutation } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import type { SignInInput } from '@threshold/validators';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf, fieldErrorsOf, isNetworkError, useTRPC } from '../api.ts';
import type { SignInStep } from '../journey/types.ts';
import { Screen } from '../Screen.tsx';

interface Props {
  input: SignInInput;
  onDone: (receipt: { visitCode: string; signedInAt: Date; signatureReference: string | null }) => void;
  onFixStep: (step: SignInStep) => void;
  onDocumentsChanged: () => void;
}

// Which screen holds the answer the server rejected.
const stepOfField: Record<string, SignInStep> = {
  fullName: 'name',
  organisation: 'organisation',
  category: 'category',
  purpose: 'purpose',
  hostName: 'host',
  email: 'email',
};

/**
 * Sends the completed journey. Network failures are retried with the same idempotency key for as long as the
 * visitor waits, so a sign-in the server accepted is never recorded twice; the visitor is told what is happening.
 */
export function SubmitScreen({ input, onDone, onFixStep, onDocumentsChanged }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const started = useRef(false);
  const signIn = useMutation(
    trpc.visits.signIn.mutationOptions({
      retry: (count, error) => isNetworkError(error) && count < 40,
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 5000),
      onSuccess: onDone,
    }),
  );
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    signIn.mutate(input);
  }, [input, signIn]);

  const fields = fieldErrorsOf(signIn.error);
  const badField = Object.keys(fields).find((f) => f in stepOfField || f.startsWith('signature'));
  const code = errorCodeOf(signIn.error);

  return (
    <Screen title={signIn.isError ? t('submit.problemTitle') : t('submit.title')}>
      {signIn.isPending ? (
        <div role="status" className="kiosk-status">
          <p className="kiosk-lead">{t('submit.saving')}</p>
          {signIn.failureCount > 0 ? <p className="kiosk-notice">{t('submit.retrying')}</p> : null}
        </div>
      ) : null}
      {signIn.isError ? (
        <div role="alert" className="th-error-summary">
          <p>{isNetworkError(signIn.error) ? t('submit.offline') : signIn.error.message}</p>
        </div>
      ) : null}
      {signIn.isError && code === 'CONFLICT' ? (
        <Button size="large" onClick={onDocumentsChanged}>
          {t('submit.readAgain')}
        </Button>
      ) : null}
      {signIn.isError && badField ? (
        <Button
          size="large"
          onClick={() => onFixStep(badField.startsWith('signature') ? 'sign' : (stepOfField[badField] ?? 'name'))}
        >
          {t('submit.fix')}
        </Button>
      ) : null}
      {signIn.isError && !badField && code !== 'CONFLICT' ? (
        <Button size="large" onClick={() => signIn.mutate(input)}>
          {t('submit.tryAgain')}
        </Button>
      ) : null}
    </Screen>
  );
}
