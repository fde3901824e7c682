/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;

/**
 * The kiosk's service worker (built by vite-plugin-pwa's injectManifest): the app shell and every built asset —
 * scripts, styles, the Khmer and Latin fonts, icons — are precached, so the tablet starts and runs with no network.
 *
 * From /trpc it caches exactly two reads, network-first: the kiosk's status and the current documents a visitor
 * reads and signs, so a journey can be completed offline and a new document version arrives as soon as the tablet is
 * online. Nothing else from /trpc is cached: staff and visit data must never reach a cache (the server's
 * `Cache-Control: no-store` does not stop the Cache API, so this list is the guard).
 */
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

const OFFLINE_READS = new Set(['/trpc/kiosk.status', '/trpc/kiosk.documents']);

registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && OFFLINE_READS.has(url.pathname),
  new NetworkFirst({
    cacheName: 'kiosk-reads',
    // A server that does not answer is as good as none: fall back to the last copy rather than keep a visitor waiting.
    networkTimeoutSeconds: 5,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      {
        // A server that answers 5xx (its database down) cannot give the documents either: use the cached copy.
        fetchDidSucceed: async ({ response }) => {
          if (response.status >= 500) throw new Error(`server answered ${response.status}`);
          return response;
        },
      },
    ],
  }),
);

// A new version waits until the page says no visitor is mid-journey (see pwa.ts), then takes over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first install takes charge of the open page at once, so it works offline without a reload.
clientsClaim();
