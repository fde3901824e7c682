import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf, useTRPC } from './api.ts';
import { deviceToken } from './device-token.ts';
import { DetailsScreen, type SignedInVisit, type VisitorDetails } from './screens/DetailsScreen.tsx';
import { PairScreen } from './screens/PairScreen.tsx';
import { SignedInScreen } from './screens/SignedInScreen.tsx';
import { SignedOutScreen } from './screens/SignedOutScreen.tsx';
import { SignOutScreen } from './screens/SignOutScreen.tsx';
import { WelcomeScreen } from './screens/WelcomeScreen.tsx';

export const UNPAIRED_EVENT = 'threshold:kiosk-unpaired';

type Step =
  | { name: 'welcome' }
  | { name: 'details'; journeyKey: string; details: VisitorDetails }
  | { name: 'signed-in'; visit: SignedInVisit }
  | { name: 'sign-out' }
  | { name: 'signed-out' };

const emptyDetails: VisitorDetails = { fullName: '', organisation: '', category: null };

export function App() {
  const [paired, setPaired] = useState(() => deviceToken.get() !== null);
  useEffect(() => {
    const unpair = () => setPaired(false);
    window.addEventListener(UNPAIRED_EVENT, unpair);
    return () => window.removeEventListener(UNPAIRED_EVENT, unpair);
  }, []);
  return paired ? <Journey /> : <PairScreen onPaired={() => setPaired(true)} />;
}

function Journey() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  // Confirms the device is still paired (a revoked kiosk falls back to the pairing screen).
  const status = useQuery(
    trpc.kiosk.status.queryOptions(undefined, { retry: (n, e) => errorCodeOf(e) !== 'UNAUTHORIZED' && n < 3 }),
  );
  const [step, setStep] = useState<Step>({ name: 'welcome' });
  // Starting again drops everything the visitor typed; a new journey gets a new idempotency key.
  const restart = useCallback(() => setStep({ name: 'welcome' }), []);

  if (!status.data) {
    return status.isError ? (
      <p className="kiosk-loading" role="alert">
        {t('app.offline')}
      </p>
    ) : (
      <p className="kiosk-loading">{t('app.title')}…</p>
    );
  }
  switch (step.name) {
    case 'welcome':
      return (
        <WelcomeScreen
          onSignIn={() => setStep({ name: 'details', journeyKey: crypto.randomUUID(), details: emptyDetails })}
          onSignOut={() => setStep({ name: 'sign-out' })}
        />
      );
    case 'details':
      return (
        <DetailsScreen
          journeyKey={step.journeyKey}
          categories={status.data.categories}
          details={step.details}
          onChange={(details) => setStep({ ...step, details })}
          onSignedIn={(visit) => setStep({ name: 'signed-in', visit })}
          onBack={restart}
        />
      );
    case 'signed-in':
      return <SignedInScreen visit={step.visit} onFinish={restart} />;
    case 'sign-out':
      return <SignOutScreen onSignedOut={() => setStep({ name: 'signed-out' })} onBack={restart} />;
    case 'signed-out':
      return <SignedOutScreen onDone={restart} />;
  }
}
