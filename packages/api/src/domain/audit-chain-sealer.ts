import { type AuditChainAnchor, type Db, sealAuditChain, startLoop } from '@threshold/db';

export interface AuditSealer {
  /** Seals now (after any pass already running) and resolves with how many rows this pass sealed. */
  sealNow(): Promise<number>;
  /** Stops the loop and waits for a running pass; call it before closing the pool. */
  stop(): Promise<void>;
}

export interface AuditSealerOptions {
  db: Db;
  /** Pause between passes (default 1000 ms). */
  intervalMs?: number;
  /** See sealAuditChain: how old a row must be before it is sealed (default 2000 ms). */
  graceMs?: number;
  /** A failed pass's error as thrown: a drizzle error quotes its parameters, so log it the way logError does. */
  onError: (where: string, err: unknown) => void;
  /**
   * Each organisation's chain head, to keep outside the database (the server logs it): verifying against it later
   * detects rows cut from the end of the chain. Told at most once per `headEveryMs` per organisation, and at stop.
   */
  onHead?: (organisationId: string, head: AuditChainAnchor) => void;
  /** Default 60 000 ms. */
  headEveryMs?: number;
}

/**
 * Seals the audit hash chain just after commit, in the background, so writeAudit stays a plain INSERT and sign-ins
 * never wait on a chain lock. Several server processes may run one each: the per-organisation advisory lock
 * inside sealAuditChain makes them take turns.
 */
export function startAuditSealer(options: AuditSealerOptions): AuditSealer {
  const intervalMs = options.intervalMs ?? 1000;
  const headEveryMs = options.headEveryMs ?? 60_000;
  // Passes never overlap within a process: each waits for the one before.
  let last: Promise<number> = Promise.resolve(0);
  // Heads not yet told, and when each organisation's was last told.
  const pending = new Map<string, AuditChainAnchor>();
  const toldAt = new Map<string, number>();
  const tell = (force: boolean) => {
    for (const [organisationId, head] of pending) {
      if (!force && Date.now() - (toldAt.get(organisationId) ?? 0) < headEveryMs) continue;
      options.onHead?.(organisationId, head);
      toldAt.set(organisationId, Date.now());
      pending.delete(organisationId);
    }
  };

  const pass = () => {
    last = last
      .catch(() => 0)
      .then(async () => {
        const sealed = await sealAuditChain(options.db, {
          graceMs: options.graceMs ?? 2000,
          onSealed: (organisationId, head) => pending.set(organisationId, head),
        });
        tell(false);
        return sealed;
      });
    return last;
  };

  const loop = startLoop({
    name: 'audit sealer',
    intervalMs,
    log: options.onError,
    run: () => pass().then(() => false),
  });

  return {
    sealNow: pass,
    async stop() {
      await loop.stop();
      await last.catch(() => 0);
      tell(true);
    },
  };
}
