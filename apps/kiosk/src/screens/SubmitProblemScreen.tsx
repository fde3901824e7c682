import { Button } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import { fieldErrorText, refusalText } from '../journey/field-error-text.ts';
import type { SignInStep, SubmitProblem } from '../journey/types.ts';
import { Screen } from '../Screen.tsx';

interface Props {
  problem: SubmitProblem;
  onBack: () => void;
  onStartAgain: () => void;
  /** Sends the same journey again, with the same key: it can never make a second visit. Offered only when the server
   * did not refuse the input itself. */
  onTryAgain: () => void;
  onFixStep: (step: SignInStep) => void;
  onDocumentsChanged: () => void;
}

/** A sign-in that did not lead to a badge: what happened, in plain words, and the one thing to do next. */
export function SubmitProblemScreen({
  problem,
  onBack,
  onStartAgain,
  onTryAgain,
  onFixStep,
  onDocumentsChanged,
}: Props) {
  const { t, i18n } = useTranslation();
  const messageOf = (p: SubmitProblem) => {
    switch (p.kind) {
      case 'not-kept':
        return t('submit.notKept');
      case 'fix':
        return t('submit.checkAnswers');
      case 'documents-changed':
        return t('refusal.documentsChanged');
      case 'invalid':
        return t('refusal.invalid');
      default:
        return refusalText(i18n.language, p.message, t('refusal.other'));
    }
  };
  const details =
    problem.kind === 'fix' ? [...new Set(problem.errors.map((e) => fieldErrorText(t, i18n.language, e)))] : [];
  return (
    <Screen title={t('submit.problemTitle')} onBack={onBack} onStartAgain={onStartAgain}>
      <div role="alert" className="th-error-summary">
        <p>{messageOf(problem)}</p>
        {details.length > 0 ? (
          <ul>
            {details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="kiosk-actions">
        {problem.kind === 'fix' ? (
          <Button size="large" onClick={() => onFixStep(problem.step)}>
            {t('submit.fix')}
          </Button>
        ) : problem.kind === 'documents-changed' ? (
          <Button size="large" onClick={onDocumentsChanged}>
            {t('submit.readAgain')}
          </Button>
        ) : problem.kind === 'invalid' ? (
          <Button size="large" onClick={onStartAgain}>
            {t('app.startAgain')}
          </Button>
        ) : (
          <Button size="large" onClick={onTryAgain}>
            {t('submit.tryAgain')}
          </Button>
        )}
      </div>
    </Screen>
  );
}
