import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refusalText } from '../journey/field-error-text.ts';
import { useOfflineKiosk } from '../offline/context.tsx';
import type { SignOutPayload } from '../offline/records.ts';
import { mayKeep } from '../offline/rules.ts';
import { invalidFields } from '../offline/validate.ts';
import { Screen } from '../Screen.tsx';

interface Props {
  signOut: SignOutPayload['input'];
  /** `kept`: the tablet holds the sign-out and will send it when the connection is back. */
  onDone: (kept: boolean) => void;
  onProblem: (message: string) => void;
}

/**
 * Sends a confirmed sign-out: queued first, then sent with its own key, retried while the visitor waits; kept on the
 * tablet if the server cannot be reached, so the visitor can leave either way.
 */
export function SigningOutScreen({ signOut, onDone, onProblem }: Props) {
  const { t, i18n } = useTranslation();
  const { sender, outbox } = useOfflineKiosk();
  const [retrying, setRetrying] = useState(false);
  const started = useRef(false);
  const props = useRef({ signOut, onDone, onProblem, t, language: i18n.language });

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const { signOut, onDone, onProblem, t, language } = props.current;
    void (async () => {
      const payload: SignOutPayload = { kind: 'sign-out', input: signOut };
      if ((await invalidFields(payload)).length > 0) return onProblem(t('signOut.errors.code'));
      const outcome = await sender.submit(payload, {
        mayKeep: mayKeep('sign-out', outbox.current(), false),
        onFailedAttempt: () => setRetrying(true),
      });
      if (outcome.status === 'sent' || outcome.status === 'kept') onDone(outcome.status === 'kept');
      else if (outcome.status === 'refused') {
        const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        onProblem(refusalText(language, message, t('refusal.signOut')));
      } else onProblem(t('signOut.notKept'));
    })().catch(() => onProblem(t('signOut.notKept')));
  }, [sender, outbox]);

  return (
    <Screen title={t('signOut.sendingTitle')}>
      <div role="status" className="kiosk-status">
        <p className="kiosk-lead">{t('signOut.sending')}</p>
        {retrying ? <p className="kiosk-notice">{t('submit.retrying')}</p> : null}
      </div>
    </Screen>
  );
}
