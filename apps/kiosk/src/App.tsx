import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf, useTRPC } from './api.ts';
import { deviceToken } from './device-token.ts';
import { DEFAULT_LANGUAGE } from './i18n.ts';
import { Journey } from './journey/Journey.tsx';
import { useOfflineKiosk } from './offline/context.tsx';
import { wipeVisitorTraces } from './privacy.ts';
import { useApplyUpdateWhen } from './pwa.ts';
import { PairScreen } from './screens/PairScreen.tsx';

export const UNPAIRED_EVENT = 'threshold:kiosk-unpaired';

/**
 * How often a paired kiosk asks whether it is still paired. The heartbeat's half minute is too slow: a tablet revoked
 * (stolen, or left in the wrong room) must stop showing a visitor's answers within seconds, not screens later.
 */
export const REVOCATION_CHECK_MS = 5_000;

export function App() {
  const offline = useOfflineKiosk();
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  const [paired, setPaired] = useState(() => deviceToken.get() !== null);
  useEffect(() => {
    // The journey unmounts with the pairing screen; its answers may also sit in the query cache and storage.
    const unpair = () => {
      setPaired(false);
      queryClient.clear();
      void wipeVisitorTraces();
      void i18n.changeLanguage(DEFAULT_LANGUAGE);
    };
    window.addEventListener(UNPAIRED_EVENT, unpair);
    return () => window.removeEventListener(UNPAIRED_EVENT, unpair);
  }, [queryClient, i18n]);
  // No visitor can be mid-journey while the tablet is unpaired.
  useApplyUpdateWhen(!paired);
  return paired ? (
    <PairedKiosk />
  ) : (
    <PairScreen
      onPaired={() => {
        setPaired(true);
        void offline.paired();
      }}
    />
  );
}

function PairedKiosk() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t, i18n } = useTranslation();
  // Confirms the device is still paired (a revoked kiosk falls back to the pairing screen).
  const status = useQuery(
    trpc.kiosk.status.queryOptions(undefined, {
      retry: (n, e) => errorCodeOf(e) !== 'UNAUTHORIZED' && n < 3,
      refetchInterval: REVOCATION_CHECK_MS,
    }),
  );
  const [journeyNumber, setJourneyNumber] = useState(0);

  // Back to welcome with nothing of the visitor left: state (remount), cached answers, storage, language.
  const reset = useCallback(() => {
    queryClient.getMutationCache().clear();
    queryClient.removeQueries({ queryKey: trpc.kiosk.documents.queryKey() });
    void wipeVisitorTraces();
    void i18n.changeLanguage(DEFAULT_LANGUAGE);
    setJourneyNumber((n) => n + 1);
  }, [queryClient, trpc, i18n]);

  if (!status.data) {
    return status.isError ? (
      <p className="kiosk-loading" role="alert">
        {t('app.offline')}
      </p>
    ) : (
      <p className="kiosk-loading">{t('app.title')}…</p>
    );
  }
  return <Journey key={journeyNumber} status={status.data} onReset={reset} />;
}
