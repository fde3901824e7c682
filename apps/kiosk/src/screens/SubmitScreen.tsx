import type { SignInInput } from '@threshold/validators';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf, fieldErrorListOf } from '../api.ts';
import { firstStepToFix } from '../journey/step-rules.ts';
import { type SubmitProblem, signInSteps } from '../journey/types.ts';
import { useOfflineKiosk } from '../offline/context.tsx';
import type { SignInPayload } from '../offline/records.ts';
import { mayKeep } from '../offline/rules.ts';
import type { SignInReceipt } from '../offline/sender.ts';
import { invalidFields } from '../offline/validate.ts';
import { Screen } from '../Screen.tsx';

interface Props {
  input: SignInInput;
  signedAt: Date;
  /** The journey's reserved visit code (the same one on every try), or null when the tablet has none left. */
  reserveCode: () => Promise<string | null>;
  onSent: (receipt: SignInReceipt) => void;
  /** Kept on the tablet, to be sent when the connection is back; the badge carries the reserved code. */
  onKept: (visitCode: string) => void;
  onProblem: (problem: SubmitProblem) => void;
}

function problemOf(error: unknown): SubmitProblem {
  const errors = fieldErrorListOf(error);
  const step = firstStepToFix(errors, signInSteps);
  if (step) return { kind: 'fix', step, errors };
  const code = errorCodeOf(error);
  if (code === 'CONFLICT') return { kind: 'documents-changed' };
  if (code === 'BAD_REQUEST' || errors.length > 0) return { kind: 'invalid' };
  return { kind: 'refused', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Sends the completed journey. It is checked against the server's own schema, queued on the tablet first (so nothing
 * can lose it from here on), then sent with the journey's idempotency key, retried while the visitor waits. If the
 * server has not acknowledged it after a few seconds for a reason worth retrying, the visitor gets their badge and the
 * tablet sends it later.
 */
export function SubmitScreen({ input, signedAt, reserveCode, onSent, onKept, onProblem }: Props) {
  const { t } = useTranslation();
  const { sender, outbox } = useOfflineKiosk();
  const [retrying, setRetrying] = useState(false);
  const started = useRef(false);
  const props = useRef({ input, signedAt, reserveCode, onSent, onKept, onProblem });

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const { input, signedAt, reserveCode, onSent, onKept, onProblem } = props.current;
    void (async () => {
      const visitCode = await reserveCode();
      const payload: SignInPayload = {
        kind: 'sign-in',
        input: { ...input, signedAt, ...(visitCode ? { visitCode } : {}) },
      };
      const invalid = await invalidFields(payload);
      const step = firstStepToFix(invalid, signInSteps);
      if (step) return onProblem({ kind: 'fix', step, errors: invalid });
      if (invalid.length > 0) return onProblem({ kind: 'invalid' });
      const outcome = await sender.submit(payload, {
        mayKeep: mayKeep('sign-in', outbox.current(), visitCode !== null),
        onFailedAttempt: () => setRetrying(true),
      });
      if (outcome.status === 'sent' && outcome.answer.kind === 'sign-in') onSent(outcome.answer.receipt);
      else if (outcome.status === 'kept' && visitCode) onKept(visitCode);
      else if (outcome.status === 'refused') onProblem(problemOf(outcome.error));
      else onProblem({ kind: 'not-kept' });
    })().catch(() => onProblem({ kind: 'not-kept' }));
  }, [sender, outbox]);

  return (
    <Screen title={t('submit.title')}>
      <div role="status" className="kiosk-status">
        <p className="kiosk-lead">{t('submit.saving')}</p>
        {retrying ? <p className="kiosk-notice">{t('submit.retrying')}</p> : null}
      </div>
    </Screen>
  );
}
