import { useQuery } from '@tanstack/react-query';
import type { FieldError } from '@threshold/validators';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api.ts';
import { IdleWarning } from '../IdleWarning.tsx';
import { useIdleTimer } from '../idle.ts';
import { useOfflineKiosk } from '../offline/context.tsx';
import { useApplyUpdateWhen } from '../pwa.ts';
import { BadgeScreen } from '../screens/BadgeScreen.tsx';
import { SignedOutScreen } from '../screens/SignedOutScreen.tsx';
import { SigningOutScreen } from '../screens/SigningOutScreen.tsx';
import { SignOutConfirmScreen } from '../screens/SignOutConfirmScreen.tsx';
import { SignOutScreen } from '../screens/SignOutScreen.tsx';
import { SubmitProblemScreen } from '../screens/SubmitProblemScreen.tsx';
import { SubmitScreen } from '../screens/SubmitScreen.tsx';
import { WelcomeScreen } from '../screens/WelcomeScreen.tsx';
import { SignInStepScreen } from './SignInStepScreen.tsx';
import { signInInputOf } from './sign-in-input.ts';
import { errorsOnStep, stepOfField } from './step-rules.ts';
import { emptyAnswers, type JourneyAnswers, type KioskStatus, type Step, signInSteps } from './types.ts';

const documentSteps: readonly Step['name'][] = ['form', 'sign', 'policies', 'no-photo'];
const notSignIn: readonly Step['name'][] = ['welcome', 'sign-out', 'sign-out-confirm', 'signing-out', 'signed-out'];
// While a record is on its way the screen settles on its own within seconds (badge, kept, or a problem): the idle
// reset must not throw away a journey whose submit has started.
const sending: readonly Step['name'][] = ['submitting', 'signing-out'];

/**
 * One visitor's journey. Everything typed lives in this component's state only; the parent remounts it (new key)
 * to start again, which drops every answer at once.
 */
export function Journey({ status, onReset }: { status: KioskStatus; onReset: () => void }) {
  const { i18n } = useTranslation();
  const trpc = useTRPC();
  const offline = useOfflineKiosk();
  const [step, setStep] = useState<Step>({ name: 'welcome' });
  const [answers, setAnswers] = useState<JourneyAnswers>(emptyAnswers);
  // What the server (or the shared schema, just before sending) refused, each shown on its own step until passed.
  const [refused, setRefused] = useState<FieldError[]>([]);
  const [journeyKey] = useState(() => crypto.randomUUID());
  const inSignIn = !notSignIn.includes(step.name);
  const documents = useQuery(trpc.kiosk.documents.queryOptions({ language: i18n.language }, { enabled: inSignIn }));
  const idle = useIdleTimer(
    status.idleTimeoutSeconds,
    step.name !== 'welcome' && !sending.includes(step.name),
    onReset,
  );
  useApplyUpdateWhen(step.name === 'welcome');

  // One reserved code per journey, taken at its first submit: a second try (after fixing an answer) keeps it.
  const reservedCode = useRef<Promise<string | null> | null>(null);
  const reserveCode = useCallback(() => {
    reservedCode.current ??= offline.codes.take().then(
      (reserved) => reserved?.code ?? null,
      () => null,
    );
    return reservedCode.current;
  }, [offline]);

  // A language change while reading or signing means new texts: they must be read and signed again.
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    if (language === i18n.language) return;
    setLanguage(i18n.language);
    if (documentSteps.includes(step.name)) {
      setAnswers((a) => ({ ...a, signature: null, signatureReference: null, noPhotographyAccepted: false }));
      setStep({ name: 'form' });
    }
  }, [i18n.language, language, step.name]);

  const update = (change: Partial<JourneyAnswers>) => setAnswers((a) => ({ ...a, ...change }));
  const screen = (content: ReactNode) => (
    <>
      {content}
      {idle.warningLeft !== null ? <IdleWarning secondsLeft={idle.warningLeft} onStillHere={idle.stillHere} /> : null}
    </>
  );

  switch (step.name) {
    case 'welcome':
      return screen(
        <WelcomeScreen onSignIn={() => setStep({ name: 'name' })} onSignOut={() => setStep({ name: 'sign-out' })} />,
      );
    case 'submitting':
      return screen(
        documents.data ? (
          <SubmitScreen
            input={signInInputOf(answers, documents.data, { idempotencyKey: journeyKey, language: i18n.language })}
            signedAt={step.signedAt}
            reserveCode={reserveCode}
            onSent={({ visitCode, signedInAt, signatureReference }) =>
              setStep({ name: 'badge', visitCode, signedInAt, signatureReference, kept: false })
            }
            onKept={(visitCode) =>
              setStep({ name: 'badge', visitCode, signedInAt: step.signedAt, signatureReference: null, kept: true })
            }
            onProblem={(problem) => setStep({ name: 'submit-problem', signedAt: step.signedAt, problem })}
          />
        ) : null,
      );
    case 'submit-problem':
      return screen(
        <SubmitProblemScreen
          problem={step.problem}
          onBack={() => setStep({ name: 'no-photo' })}
          onStartAgain={onReset}
          onTryAgain={() => setStep({ name: 'submitting', signedAt: step.signedAt })}
          onFixStep={(fix) => {
            setRefused(step.problem.kind === 'fix' ? step.problem.errors : []);
            setStep({ name: fix });
          }}
          onDocumentsChanged={() => {
            update({ signature: null, signatureReference: null, noPhotographyAccepted: false });
            void documents.refetch();
            setStep({ name: 'form' });
          }}
        />,
      );
    case 'badge':
      return screen(
        <BadgeScreen
          fullName={answers.fullName}
          visitCode={step.visitCode}
          signedInAt={step.signedInAt}
          signatureReference={step.signatureReference}
          kept={step.kept}
          status={status}
          onFinish={onReset}
        />,
      );
    case 'sign-out':
      return screen(
        <SignOutScreen
          showLanguages
          onBack={onReset}
          onStartAgain={onReset}
          onContinue={(visitCode) => setStep({ name: 'sign-out-confirm', visitCode, problem: null })}
        />,
      );
    case 'sign-out-confirm':
      return screen(
        <SignOutConfirmScreen
          showLanguages
          visitCode={step.visitCode}
          problem={step.problem}
          onBack={() => setStep({ name: 'sign-out' })}
          onStartAgain={onReset}
          onConfirm={() =>
            setStep({
              name: 'signing-out',
              visitCode: step.visitCode,
              idempotencyKey: crypto.randomUUID(),
              signedOutAt: offline.clock.now(),
            })
          }
        />,
      );
    case 'signing-out':
      return screen(
        <SigningOutScreen
          signOut={{ visitCode: step.visitCode, idempotencyKey: step.idempotencyKey, signedOutAt: step.signedOutAt }}
          onDone={(kept) => setStep({ name: 'signed-out', kept })}
          onProblem={(problem) => setStep({ name: 'sign-out-confirm', visitCode: step.visitCode, problem })}
        />,
      );
    case 'signed-out':
      return screen(<SignedOutScreen kept={step.kept} onDone={onReset} />);
    default: {
      const index = signInSteps.indexOf(step.name);
      const next = signInSteps[index + 1];
      const previous = signInSteps[index - 1];
      return screen(
        <SignInStepScreen
          key={step.name}
          step={step.name}
          position={{ step: index + 1, total: signInSteps.length }}
          status={status}
          documents={documents.data}
          documentsFailed={documents.isError}
          answers={answers}
          update={update}
          errors={errorsOnStep(refused, step.name)}
          onContinue={() => {
            setRefused((all) => all.filter((e) => stepOfField(e.path) !== step.name));
            setStep(next ? { name: next } : { name: 'submitting', signedAt: offline.clock.now() });
          }}
          onBack={() => setStep(previous ? { name: previous } : { name: 'welcome' })}
          onStartAgain={onReset}
        />,
      );
    }
  }
}
