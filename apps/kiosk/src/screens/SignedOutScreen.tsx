import { Button } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { Screen } from '../Screen.tsx';

export function SignedOutScreen({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Screen title={t('signedOut.title')}>
      <p className="kiosk-lead">{t('signedOut.body')}</p>
      <div className="kiosk-actions">
        <Button size="large" onClick={onDone}>
          {t('signedOut.done')}
        </Button>
      </div>
    </Screen>
  );
}
