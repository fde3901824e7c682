import { Button, ErrorSummary } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { formatVisitCode } from '../Badge.tsx';
import { Screen, type ScreenProps } from '../Screen.tsx';

interface Props extends Omit<ScreenProps, 'children' | 'title'> {
  visitCode: string;
  /** Why the last try did not sign out, in words for the visitor. */
  problem: string | null;
  onConfirm: () => void;
}

/** Confirms with the code only — the kiosk never shows whose visit a code belongs to. */
export function SignOutConfirmScreen({ visitCode, problem, onConfirm, ...screen }: Props) {
  const { t } = useTranslation();
  return (
    <Screen title={t('signOut.confirmTitle')} {...screen}>
      <ErrorSummary title={t('signOut.problem')} message={problem} />
      <p className="kiosk-lead">{t('signOut.confirmBody')}</p>
      <p className="kiosk-badge__code">{formatVisitCode(visitCode)}</p>
      <div className="kiosk-actions">
        <Button size="large" onClick={onConfirm}>
          {t('signOut.submit')}
        </Button>
      </div>
    </Screen>
  );
}
