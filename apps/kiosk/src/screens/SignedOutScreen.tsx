import { Button } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { Screen } from '../Screen.tsx';

/** `kept`: the sign-out is on the tablet, waiting for the connection — the visitor may leave, and reception is told. */
export function SignedOutScreen({ kept, onDone }: { kept: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Screen title={t('signedOut.title')}>
      <p className="kiosk-lead">{t('signedOut.body')}</p>
      {kept ? (
        <p className="kiosk-notice" role="status">
          {t('signedOut.kept')}
        </p>
      ) : null}
      <div className="kiosk-actions">
        <Button size="large" onClick={onDone}>
          {t('signedOut.done')}
        </Button>
      </div>
    </Screen>
  );
}
