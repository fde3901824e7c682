import type { Db } from '@threshold/db';
import type { Auth } from './auth.ts';

export interface ContextDeps {
  db: Db;
  auth: Auth;
  now?: () => Date;
}

export function createContextFactory(deps: ContextDeps) {
  return ({ req }: { req: Request }) => ({
    db: deps.db,
    auth: deps.auth,
    headers: req.headers,
    now: deps.now ?? (() => new Date()),
  });
}

export type Context = ReturnType<ReturnType<typeof createContextFactory>>;
