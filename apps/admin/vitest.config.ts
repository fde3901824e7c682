import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Component tests run in happy-dom (logic: state, routing, what is asked of the API); real browser behaviour —
// layout, focus, printing, accessibility — is tested in tests/e2e with Chromium.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['./src/test/setup.ts'],
  },
});
