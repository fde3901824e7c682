// Khmer documents are previewed and read here too: the same font the kiosk ships, not whatever the desk has.
import '@fontsource/noto-sans-khmer/400.css';
import '@threshold/ui/styles.css';
import './admin.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient, TRPCProvider } from './api.ts';
import { DisplayApp } from './display/DisplayApp.tsx';
import { App } from './shell/App.tsx';
import { SessionGate } from './shell/session.tsx';

function Root() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: true } } }),
  );
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SessionGate>
          <App />
        </SessionGate>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
// A board display is a room's screen, not a member of staff: its own token, no staff session, no sign-in.
const isDisplay = window.location.hash.startsWith('#/display');
createRoot(root).render(<StrictMode>{isDisplay ? <DisplayApp /> : <Root />}</StrictMode>);
