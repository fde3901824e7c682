import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineKiosk, startOfflineKiosk } from '../support/kiosk-fixture.ts';

let offline: OfflineKiosk;
let kiosk: Page;
beforeAll(async () => {
  offline = await startOfflineKiosk({});
  kiosk = offline.kiosk;
});
afterAll(() => offline?.close());

describe('the kiosk as an installed app', () => {
  const pngSize = (bytes: Buffer) => `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;

  it('serves its manifest and service worker so a tablet can run it full-screen from its home screen', async () => {
    const response = await fetch(`${offline.server.url}/kiosk/manifest.webmanifest`);
    expect(response.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await response.json()) as {
      name: string;
      start_url: string;
      scope: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '/kiosk/', scope: '/kiosk/' });
    expect(manifest.name).toContain('Threshold');
    expect(['fullscreen', 'standalone']).toContain(manifest.display);
    for (const icon of manifest.icons) {
      const image = await fetch(`${offline.server.url}${icon.src}`);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(pngSize(Buffer.from(await image.arrayBuffer()))).toBe(icon.sizes);
    }
    const kinds = manifest.icons.map((i) => `${i.purpose} ${i.sizes}`);
    expect(kinds).toEqual(expect.arrayContaining(['any 192x192', 'any 512x512', 'maskable 512x512']));

    const worker = await fetch(`${offline.server.url}/kiosk/sw.js`);
    expect(worker.headers.get('content-type')).toContain('javascript');
    expect(worker.headers.get('cache-control')).toBe('no-cache');

    expect(await kiosk.locator('link[rel="manifest"]').getAttribute('href')).toBe('/kiosk/manifest.webmanifest');
    expect(await kiosk.locator('meta[name="theme-color"]').getAttribute('content')).toMatch(/^#[0-9a-f]{6}$/i);
    const registration = await kiosk.evaluate(async () => ({
      controller: navigator.serviceWorker.controller?.scriptURL ?? null,
      scope: (await navigator.serviceWorker.ready).scope,
    }));
    expect(registration).toEqual({
      controller: `${offline.server.url}/kiosk/sw.js`,
      scope: `${offline.server.url}/kiosk/`,
    });
    // Chromium's own verdict on whether the app can be installed. Playwright's browser contexts are incognito
    // profiles, where Chromium never offers installation; every other criterion must be met.
    const cdp = await offline.context.newCDPSession(kiosk);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  });
});
