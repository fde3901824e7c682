import { useMutation } from '@tanstack/react-query';
import { Button, ErrorSummary } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api.ts';
import { formatVisitCode } from '../Badge.tsx';
import { Screen, type ScreenProps } from '../Screen.tsx';

interface Props extends Omit<ScreenProps, 'children' | 'title'> {
  visitCode: string;
  onSignedOut: () => void;
}

/** Confirms with the code only — the kiosk never shows whose visit a code belongs to. */
export function SignOutConfirmScreen({ visitCode, onSignedOut, ...screen }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const signOut = useMutation(trpc.visits.signOut.mutationOptions({ onSuccess: onSignedOut }));
  return (
    <Screen title={t('signOut.confirmTitle')} {...screen}>
      <ErrorSummary title={t('signOut.problem')} message={signOut.error ? signOut.error.message : null} />
      <p className="kiosk-lead">{t('signOut.confirmBody')}</p>
      <p className="kiosk-badge__code">{formatVisitCode(visitCode)}</p>
      <div className="kiosk-actions">
        <Button size="large" disabled={signOut.isPending} onClick={() => signOut.mutate({ visitCode })}>
          {t('signOut.submit')}
        </Button>
      </div>
    </Screen>
  );
}
