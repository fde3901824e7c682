import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env.THRESHOLD_DEV_API ?? 'http://localhost:3000';

export default defineConfig({
  base: '/kiosk/',
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: false },
  server: { port: 5173, proxy: { '/trpc': server, '/api': server, '/health': server } },
});
