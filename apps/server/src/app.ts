import { join } from 'node:path';
import { trpcServer } from '@hono/trpc-server';
import { type Auth, appRouter, createContextFactory, type MailMode, type VisitTimers } from '@threshold/api';
import { type Db, type LiveListener, pingDatabase } from '@threshold/db';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { repoRoot } from './env.ts';
import { closeAfterEventStreams } from './live-stream.ts';
import { logError, requestLog } from './log.ts';
import { mountSpa } from './static.ts';

export interface AppDeps {
  db: Db;
  auth: Auth;
  mailMode: MailMode;
  /** This process's listener, feeding the `live` subscriptions. */
  live: LiveListener;
  timers?: VisitTimers;
}

export function createApp({ db, auth, mailMode, live, timers }: AppDeps): Hono {
  const app = new Hono();
  app.use('*', requestLog());
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'no-referrer',
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    }),
  );
  // Nothing about visits may linger in a browser or proxy cache.
  app.use('/trpc/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('/trpc/*', closeAfterEventStreams());
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/health', async (c) => {
    const time = new Date().toISOString();
    return (await pingDatabase(db))
      ? c.json({ status: 'ok', database: 'ok', time })
      : c.json({ status: 'unavailable', database: 'unreachable', time }, 503);
  });

  app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));

  const createContext = createContextFactory({ db, auth, mailMode, live, timers });
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      // Staff queries arrive as POST (see the admin client), so no visitor name or id lands in a URL or access log.
      allowMethodOverride: true,
      createContext: (_opts, c) => createContext({ req: c.req.raw }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') logError(`trpc ${path ?? '?'}`, error.cause ?? error);
      },
    }),
  );

  mountSpa(app, '/kiosk', join(repoRoot, 'apps/kiosk/dist'));
  mountSpa(app, '/admin', join(repoRoot, 'apps/admin/dist'));
  app.get('/', (c) => c.redirect('/admin/'));

  app.notFound((c) => c.json({ error: 'Not found' }, 404));
  app.onError((err, c) => {
    logError(`${c.req.method} ${c.req.path}`, err);
    return c.json({ error: 'Something went wrong on our side.' }, 500);
  });
  return app;
}
