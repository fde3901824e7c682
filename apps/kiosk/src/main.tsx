import '@threshold/ui/styles.css';
import './kiosk.css';
import './i18n.ts';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App, UNPAIRED_EVENT } from './App.tsx';
import { createApiClient, errorCodeOf, TRPCProvider } from './api.ts';
import { deviceToken } from './device-token.ts';

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
        defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } },
      }),
  );
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <App />
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
