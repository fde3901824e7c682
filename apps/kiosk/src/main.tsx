import '@threshold/ui/styles.css';
import './kiosk.css';
import './i18n.ts';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App, UNPAIRED_EVENT } from './App.tsx';
import { createApiClient, errorCodeOf, TRPCProvider } from './api.ts';
import { deviceToken } from './device-token.ts';
import { languages } from './i18n.ts';
import { OfflineProvider } from './offline/context.tsx';
import { createOfflineKiosk } from './offline/offline-kiosk.ts';
import { startServiceWorker } from './pwa.ts';

/** Any request refused for a missing or revoked device token sends the kiosk back to pairing. */
function onApiError(error: unknown) {
  if (errorCodeOf(error) === 'UNAUTHORIZED') {
    deviceToken.clear();
    window.dispatchEvent(new Event(UNPAIRED_EVENT));
  }
}

function Root() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onApiError }),
        mutationCache: new MutationCache({ onError: onApiError }),
        // 'always': the browser's idea of "offline" must not pause requests — the service worker answers the kiosk's
        // status and documents from its cache, and the kiosk decides for itself what a failure means.
        defaultOptions: {
          queries: { staleTime: 30_000, refetchOnWindowFocus: false, networkMode: 'always' },
          mutations: { networkMode: 'always' },
        },
      }),
  );
  const [trpcClient] = useState(createApiClient);
  const [offline] = useState(() =>
    createOfflineKiosk(trpcClient, { languages: languages.map((l) => l.code), onUnauthorized: onApiError }),
  );
  useEffect(() => {
    startServiceWorker(offline.controlled);
    return offline.start();
  }, [offline]);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <OfflineProvider kiosk={offline}>
          <App />
        </OfflineProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
