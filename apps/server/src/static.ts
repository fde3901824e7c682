import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/**
 * Serves a built single-page app under `prefix`: real files when they exist, index.html for any other path
 * so client-side routes survive a reload. Hashed assets are cached for a year; index.html never.
 */
export function mountSpa(app: Hono, prefix: string, distDir: string): void {
  const indexFile = join(distDir, 'index.html');
  app.get(prefix, (c) => c.redirect(`${prefix}/`, 301));
  app.use(
    `${prefix}/assets/*`,
    serveStatic({
      root: distDir,
      rewriteRequestPath: (p) => p.slice(prefix.length),
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use(
    `${prefix}/*`,
    serveStatic({
      root: distDir,
      rewriteRequestPath: (p) => p.slice(prefix.length),
      onFound: (_path, c) => {
        c.header('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get(`${prefix}/*`, async (c) => {
    if (!existsSync(indexFile)) return c.text(`${prefix} is not built yet: run npm start (or npm run build).`, 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(await readFile(indexFile, 'utf8'));
  });
}
