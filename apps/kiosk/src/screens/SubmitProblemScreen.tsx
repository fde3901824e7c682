import { Button } from '@threshold/ui';
import { useTranslation } from 'react-i18next';
import type { SignInStep, SubmitProblem } from '../journey/types.ts';
import { Screen } from '../Screen.tsx';

interface Props {
  problem: SubmitProblem;
  onBack: () => void;
  onStartAgain: () => void;
  /** Sends the same journey again, with the same key: it can never make a second visit. */
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
  const { t } = useTranslation();
  const message =
    problem.kind === 'not-kept'
      ? t('submit.notKept')
      : problem.kind === 'fix'
        ? (problem.message ?? t('submit.checkAnswers'))
        : problem.message;
  return (
    <Screen title={t('submit.problemTitle')} onBack={onBack} onStartAgain={onStartAgain}>
      <div role="alert" className="th-error-summary">
        <p>{message}</p>
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
        ) : (
          <Button size="large" onClick={onTryAgain}>
            {t('submit.tryAgain')}
          </Button>
        )}
      </div>
    </Screen>
  );
}
