import { Button } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../LanguageSwitch.tsx';
import { useCodesLeft, useQueueSummary } from '../offline/context.tsx';
import { capacityNotice, roomLeft } from '../offline/rules.ts';
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
      <QueueNotice />
    </Screen>
  );
}

/**
 * For reception, and for a visitor who would otherwise sign in for nothing: how many records the tablet holds unsent
 * (a count — never whose) and whether it can keep more.
 */
function QueueNotice() {
  const { t } = useTranslation();
  const queue = useQueueSummary();
  const codesLeft = useCodesLeft();
  const count = queue.signIns + queue.signOuts + queue.unreadable;
  if (count === 0) return null;
  const capacity = capacityNotice(queue, codesLeft);
  return (
    <div className="kiosk-notice kiosk-queue-notice" role="status" data-testid="queue-notice">
      <p>{t('welcome.queued', { count })}</p>
      {capacity === 'near' ? <p>{t('welcome.nearlyFull', { count: roomLeft(queue, codesLeft).signIns })}</p> : null}
      {capacity === 'full' ? <p>{t('welcome.full')}</p> : null}
    </div>
  );
}
