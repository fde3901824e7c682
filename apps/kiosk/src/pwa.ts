import { registerSW } from 'virtual:pwa-register';
import { useEffect, useSyncExternalStore } from 'react';
import type { ApiClient } from './api.ts';

// A tablet may run for weeks without navigating: look for a new version now and then (the browser only checks on
// navigation). Offline, the check fails quietly and the next one tries again.
const UPDATE_CHECK_MS = 10 * 60_000;

let updateWaiting = false;
let applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;
const listeners = new Set<() => void>();

/** Registers /kiosk/sw.js (scope /kiosk/); `onControlled` runs when a worker takes charge of this page. */
export function startServiceWorker(onControlled: () => void): void {
  if (!('serviceWorker' in navigator)) return;
  applyUpdate = registerSW({
    immediate: true,
    onNeedRefresh() {
      updateWaiting = true;
      for (const listener of listeners) listener();
    },
    // The page reloads itself once the new worker is in charge (applyWaitingUpdate), also when workbox-window would
    // not: it does not count an update as one if this page was not yet controlled when it registered (first install).
    onNeedReload() {},
    onRegisteredSW(_url, registration) {
      if (registration) setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
  });
  navigator.serviceWorker.addEventListener('controllerchange', onControlled);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Lets a waiting new version take over (and the page reload) only while `idle` — the welcome screen, no visitor
 * mid-journey — so an update never throws away someone's answers.
 */
export function useApplyUpdateWhen(idle: boolean): void {
  const waiting = useSyncExternalStore(subscribe, () => updateWaiting);
  useEffect(() => {
    if (idle && waiting) applyWaitingUpdate();
  }, [idle, waiting]);
}

function applyWaitingUpdate(): void {
  // The old page must not run on under the new worker: the new one has dropped the old version's scripts.
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  void applyUpdate?.(true);
}

/**
 * Reads the kiosk's status and the documents in every language through the service worker, which keeps the latest
 * copies: a visitor can then sign in offline in any language, even one nobody has chosen yet today.
 */
export async function warmOfflineReads(client: ApiClient, languages: readonly string[]): Promise<void> {
  if (!navigator.serviceWorker?.controller) return;
  await Promise.allSettled([
    client.kiosk.status.query(),
    ...languages.map((language) => client.kiosk.documents.query({ language })),
  ]);
}
