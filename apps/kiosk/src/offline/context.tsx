import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { OfflineKiosk } from './offline-kiosk.ts';
import type { QueueSummary } from './queue.ts';

const OfflineContext = createContext<OfflineKiosk | null>(null);

export function OfflineProvider({ kiosk, children }: { kiosk: OfflineKiosk; children: ReactNode }) {
  return <OfflineContext.Provider value={kiosk}>{children}</OfflineContext.Provider>;
}

export function useOfflineKiosk(): OfflineKiosk {
  const kiosk = useContext(OfflineContext);
  if (!kiosk) throw new Error('useOfflineKiosk outside OfflineProvider');
  return kiosk;
}

/** Counts of what the tablet holds unsent, kept current as records are queued and delivered. */
export function useQueueSummary(): QueueSummary {
  const { outbox } = useOfflineKiosk();
  return useSyncExternalStore(outbox.subscribe, outbox.current);
}

export function useCodesLeft(): number {
  const { codes } = useOfflineKiosk();
  return useSyncExternalStore(codes.subscribe, codes.count);
}
