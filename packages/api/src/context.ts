import type { Db, LiveListener } from '@threshold/db';
import type { Auth } from './auth.ts';
import type { VisitTimers } from './domain/escort/timers.ts';
import type { MailMode } from './domain/outbox-view.ts';

export interface ContextDeps {
  db: Db;
  auth: Auth;
  /** 'outbox' (demo mode, no SMTP_URL): messages are kept for admins to read instead of being sent. */
  mailMode?: MailMode;
  now?: () => Date;
  /** This process's listener for live events; only the `live` subscriptions need it. */
  live?: LiveListener;
  /** Durable timers (pg-boss) for visitor-astray checks; without them no alert timer is scheduled. */
  timers?: VisitTimers;
}

export function createContextFactory(deps: ContextDeps) {
  return ({ req }: { req: Request }) => ({
    db: deps.db,
    auth: deps.auth,
    headers: req.headers,
    mailMode: deps.mailMode ?? 'outbox',
    now: deps.now ?? (() => new Date()),
    live: deps.live ?? null,
    timers: deps.timers,
  });
}

export type Context = ReturnType<ReturnType<typeof createContextFactory>>;
