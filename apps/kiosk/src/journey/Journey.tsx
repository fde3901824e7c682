import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api.ts';
import { IdleWarning } from '../IdleWarning.tsx';
import { useIdleTimer } from '../idle.ts';
import { BadgeScreen } from '../screens/BadgeScreen.tsx';
import { SignedOutScreen } from '../screens/SignedOutScreen.tsx';
import { SignOutConfirmScreen } from '../screens/SignOutConfirmScreen.tsx';
import { SignOutScreen } from '../screens/SignOutScreen.tsx';
import { SubmitScreen } from '../screens/SubmitScreen.tsx';
import { WelcomeScreen } from '../screens/WelcomeScreen.tsx';
import { SignInStepScreen } from './SignInStepScreen.tsx';
import { emptyAnswers, type JourneyAnswers, type KioskStatus, type Step, signInSteps } from './types.ts';

const documentSteps: readonly Step['name'][] = ['form', 'sign', 'policies', 'no-photo'];

/**
 * One visitor's journey. Everything typed lives in this component's state only; the parent remounts it (new key)
 * to start again, which drops every answer at once.
 */
export function Journey({ status, onReset }: { status: KioskStatus; onReset: () => void }) {
  const { i18n } = useTranslation();
  const trpc = useTRPC();
  const [step, setStep] = useState<Step>({ name: 'welcome' });
  const [answers, setAnswers] = useState<JourneyAnswers>(emptyAnswers);
  const [journeyKey] = useState(() => crypto.randomUUID());
  const inSignIn = step.name !== 'welcome' && !step.name.startsWith('sign-out') && step.name !== 'signed-out';
  const documents = useQuery(trpc.kiosk.documents.queryOptions({ language: i18n.language }, { enabled: inSignIn }));
  const idle = useIdleTimer(status.idleTimeoutSeconds, step.name !== 'welcome', onReset);

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
            input={{
              idempotencyKey: journeyKey,
              language: i18n.language,
              fullName: answers.fullName,
              organisation: answers.organisation,
              category: answers.category ?? 'other',
              purpose: answers.purpose,
              hostName: answers.hostName,
              email: answers.email,
              ...(answers.signatureReference
                ? { reusedSignature: { ...ref(documents.data.form), reference: answers.signatureReference } }
                : {
                    signature: {
                      ...ref(documents.data.form),
                      typedName: answers.typedName,
                      imagePng: answers.signature ?? '',
                    },
                  }),
              confidentialityPolicy: ref(documents.data.confidentialityPolicy),
              disclosurePolicy: ref(documents.data.disclosurePolicy),
              noPhotography: ref(documents.data.noPhotography),
            }}
            onDone={({ visitCode, signedInAt, signatureReference }) =>
              setStep({ name: 'badge', visitCode, signedInAt, signatureReference })
            }
            onFixStep={(fix) => setStep({ name: fix })}
            onDocumentsChanged={() => {
              update({ signature: null, signatureReference: null, noPhotographyAccepted: false });
              void documents.refetch();
              setStep({ name: 'form' });
            }}
          />
        ) : null,
      );
    case 'badge':
      return screen(
        <BadgeScreen
          fullName={answers.fullName}
          visitCode={step.visitCode}
          signedInAt={step.signedInAt}
          signatureReference={step.signatureReference}
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
          onContinue={(visitCode) => setStep({ name: 'sign-out-confirm', visitCode })}
        />,
      );
    case 'sign-out-confirm':
      return screen(
        <SignOutConfirmScreen
          showLanguages
          visitCode={step.visitCode}
          onBack={() => setStep({ name: 'sign-out' })}
          onStartAgain={onReset}
          onSignedOut={() => setStep({ name: 'signed-out' })}
        />,
      );
    case 'signed-out':
      return screen(<SignedOutScreen onDone={onReset} />);
    default: {
      const index = signInSteps.indexOf(step.name);
      const next = signInSteps[index + 1];
      const previous = signInSteps[index - 1];
      return screen(
        <SignInStepScreen
          step={step.name}
          position={{ step: index + 1, total: signInSteps.length }}
          status={status}
          documents={documents.data}
          documentsFailed={documents.isError}
          answers={answers}
          update={update}
          onContinue={() => setStep(next ? { name: next } : { name: 'submitting' })}
          onBack={() => setStep(previous ? { name: previous } : { name: 'welcome' })}
          onStartAgain={onReset}
        />,
      );
    }
  }
}

export function ref(doc: { id: string; sha256: string }) {
  return { documentId: doc.id, documentSha256: doc.sha256 };
}
