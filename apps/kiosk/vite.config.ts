import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const server = process.env.THRESHOLD_DEV_API ?? 'http://localhost:3000';

export default defineConfig({
  base: '/kiosk/',
  plugins: [
    react(),
    // The service worker (src/sw.ts) gets the list of every built file to precache; the manifest is our own file
    // (public/manifest.webmanifest, linked from index.html) and the page decides when an update may reload it
    // (src/pwa.ts), so the plugin injects neither.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      injectManifest: { globPatterns: ['**/*.{html,js,css,woff,woff2,png,svg,webmanifest}'] },
    }),
  ],
  build: { outDir: 'dist', sourcemap: false },
  server: { port: 5173, proxy: { '/trpc': server, '/api': server, '/health': server } },
});
