import type { DatabaseGate, Db, LiveListener } from '@threshold/db';
import type { Auth } from './auth.ts';
import { HEARTBEAT_SECONDS } from './domain/kiosk-heartbeat.ts';
import type { MailMode } from './domain/outbox-view.ts';
import type { AfterCommitWorker } from './jobs/after-commit.ts';

export interface ContextDeps {
  db: Db;
  auth: Auth;
  /** 'outbox' (demo mode, no SMTP_URL): messages are kept for admins to read instead of being sent. */
  mailMode?: MailMode;
  now?: () => Date;
  /** This process's listener for live events; only the `live` subscriptions need it. */
  live?: LiveListener;
  /** Drains the work that follows a commit (live events, escort timers); kicked after a sign-in commits. */
  afterCommit?: Pick<AfterCommitWorker, 'kick'>;
  /** Whether the database answers; while it does not, procedures refuse at once with 503. */
  database?: DatabaseGate;
  /** How often tablets beat (default 30 s); the e2e server shortens it so a test need not wait half a minute. */
  kioskHeartbeatSeconds?: number;
  /** The owner role's connection: only it may delete signed records (erasure on request). Without it erasure refuses. */
  ownerDb?: Db;
}

export function createContextFactory(deps: ContextDeps) {
  /** `clientAddress`: the caller's address as the server resolved it (socket, or TRUST_PROXY's forwarded one). */
  return ({ req, clientAddress }: { req: Request; clientAddress?: string }) => ({
    db: deps.db,
    auth: deps.auth,
    headers: req.headers,
    clientAddress: clientAddress ?? 'unknown',
    mailMode: deps.mailMode ?? 'outbox',
    now: deps.now ?? (() => new Date()),
    live: deps.live ?? null,
    afterCommit: deps.afterCommit ?? null,
    database: deps.database ?? null,
    kioskHeartbeatSeconds: deps.kioskHeartbeatSeconds ?? HEARTBEAT_SECONDS,
    ownerDb: deps.ownerDb ?? null,
  });
}

export type Context = ReturnType<ReturnType<typeof createContextFactory>>;
