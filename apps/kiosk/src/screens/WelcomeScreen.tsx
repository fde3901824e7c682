import { Button } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../LanguageSwitch.tsx';
import { Screen } from '../Screen.tsx';

interface Props {
  onSignIn: () => void;
  onSignOut: () => void;
}

export function WelcomeScreen({ onSignIn, onSignOut }: Props) {
  const { t } = useTranslation();
  return (
    <Screen title={t('welcome.title')}>
      <p className="kiosk-lead">{t('welcome.intro')}</p>
      <LanguageSwitch />
      <div className="kiosk-welcome-actions">
        <Button size="large" onClick={onSignIn}>
          {t('welcome.signIn')}
        </Button>
        <Button size="large" variant="secondary" onClick={onSignOut}>
          {t('welcome.signOut')}
        </Button>
      </div>
      <p className="kiosk-help">{t('welcome.help')}</p>
    </Screen>
  );
}
