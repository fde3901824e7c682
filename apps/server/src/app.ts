import { join } from 'node:path';
import { trpcServer } from '@hono/trpc-server';
import {
  type AfterCommitWorker,
  type Auth,
  appRouter,
  createContextFactory,
  DATABASE_UNAVAILABLE,
  type MailMode,
} from '@threshold/api';
import type { DatabaseGate, Db, LiveListener } from '@threshold/db';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { clientAddressOf, type TrustedProxies, withClientAddress } from './client-address.ts';
import { repoRoot } from './env.ts';
import { closeAfterEventStreams } from './live-stream.ts';
import { logError, requestLog } from './log.ts';
import { limitRequests } from './request-limits.ts';
import { sameOriginPosts } from './same-origin.ts';
import { mountSpa } from './static.ts';

export interface AppDeps {
  db: Db;
  auth: Auth;
  mailMode: MailMode;
  /** This process's listener, feeding the `live` subscriptions. */
  live: LiveListener;
  /** Whether the database answers: while it does not, requests are refused at once with 503 and Retry-After. */
  database: DatabaseGate;
  afterCommit?: Pick<AfterCommitWorker, 'kick'>;
  /** Where people reach this installation; HSTS is sent only when it is https. */
  publicUrl: string;
  /** The origins whose pages may post with a staff session (see same-origin.ts). */
  trustedOrigins: readonly string[];
  /** TRUST_PROXY: the proxies whose X-Forwarded-For names the client; without it, the socket's address does. */
  trustProxy?: TrustedProxies;
  /** How often tablets beat (THRESHOLD_KIOSK_HEARTBEAT_SECONDS; default 30). */
  kioskHeartbeatSeconds?: number;
  /** The owner role's connection, for erasure on request (only the owner may delete signed records). */
  ownerDb?: Db;
}

/** How long a client should wait before trying again while the database cannot be reached. */
export const RETRY_AFTER_SECONDS = 5;

export function createApp(deps: AppDeps): Hono {
  const { db, auth, mailMode, live, database, afterCommit } = deps;
  const app = new Hono();
  app.use('*', requestLog());
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status === 503) c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  });
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
      // Over plain http the header means nothing, and a local demo must not pin localhost to https in a browser.
      strictTransportSecurity: deps.publicUrl.startsWith('https://') ? 'max-age=31536000; includeSubDomains' : false,
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    }),
  );
  // Nothing about visits may linger in a browser or proxy cache. Set on tRPC's own response (its headers can be
  // changed): c.header() on a finished response copies it into a new one around a stream of its body, which node then
  // reads chunk by chunk, on every call.
  app.use('/trpc/*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use('/trpc/*', closeAfterEventStreams());
  app.use('/trpc/*', sameOriginPosts(deps.trustedOrigins));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.use('*', limitRequests());
  app.get('/health', async (c) => {
    const time = new Date().toISOString();
    if (await database.check()) return c.json({ status: 'ok', database: 'ok', time });
    const since = database.downSince()?.toISOString() ?? time;
    return c.json({ status: 'unavailable', database: 'unreachable', since, time }, 503);
  });

  app.on(['GET', 'POST'], '/api/auth/*', async (c) => {
    if (!database.isOpen()) return c.json({ error: DATABASE_UNAVAILABLE }, 503);
    const res = await auth.handler(withClientAddress(c.req.raw, clientAddressOf(c, deps.trustProxy ?? null)));
    // better-auth answers a database failure with a bare 500; if the database is the reason, say so (503).
    if (res.status >= 500 && !(await database.check())) return c.json({ error: DATABASE_UNAVAILABLE }, 503);
    return res;
  });

  const createContext = createContextFactory({
    db,
    auth,
    mailMode,
    live,
    database,
    ...(afterCommit ? { afterCommit } : {}),
    ...(deps.kioskHeartbeatSeconds ? { kioskHeartbeatSeconds: deps.kioskHeartbeatSeconds } : {}),
    ...(deps.ownerDb ? { ownerDb: deps.ownerDb } : {}),
  });
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      // Staff queries arrive as POST (see the admin client), so no visitor name or id lands in a URL or access log.
      allowMethodOverride: true,
      createContext: (_opts, c) =>
        createContext({ req: c.req.raw, clientAddress: clientAddressOf(c, deps.trustProxy ?? null) }),
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
    if (database.report(err)) return c.json({ error: DATABASE_UNAVAILABLE }, 503);
    return c.json({ error: 'Something went wrong on our side.' }, 500);
  });
  return app;
}
