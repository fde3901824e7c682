import {
  claimJobOutbox,
  type Db,
  type DbOrTx,
  deleteJobOutbox,
  insertJobOutbox,
  type LiveEvent,
  notifyLiveEvents,
  postponeJobOutbox,
  startLoop,
  type Tx,
} from '@threshold/db';
import { z } from 'zod';
import { parseLiveEvent } from '../live/listener.ts';

/** The visitor-astray timers of a new visit (see scheduleVisitChecks). */
export const visitChecks = z.object({
  visitId: z.uuid(),
  signedInAt: z.coerce.date(),
  escortConfirmSeconds: z.number().int().nonnegative(),
  expectedVisitMinutes: z.number().int().nonnegative(),
});
export type VisitChecks = z.output<typeof visitChecks>;

/** A new visit whose typed host is to be matched (and assigned, if they may escort) after the sign-in commits. */
export const hostMatch = z.object({ visitId: z.uuid() });
export type HostMatch = z.output<typeof hostMatch>;

/** A visit with an escort was signed out at the kiosk: the escort is told (see domain/sign-out-notice.ts). */
export const signOutNotice = z.object({
  organisationId: z.uuid(),
  siteId: z.uuid(),
  visitId: z.uuid(),
  staffId: z.string().min(1),
  signedOutAt: z.number().int(),
});
export type SignOutNotice = z.output<typeof signOutNotice>;

/** The no-escort check again, at `at` (ms): after an unescorted alert is acknowledged or the escort changes. */
export const escortRecheck = z.object({ visitId: z.uuid(), at: z.number().int() });
export type EscortRecheck = z.output<typeof escortRecheck>;

/** A kiosk sign-in was screened against the deny list: a held visit alerts the coordinators (deny-list/screening.ts). */
export const screeningAlert = z.object({ visitId: z.uuid() });
export type ScreeningAlert = z.output<typeof screeningAlert>;

/** Work that must follow a commit. Payloads are ids and numbers only. */
export type AfterCommitTask =
  | { kind: 'live_event'; payload: LiveEvent }
  | { kind: 'visit_checks'; payload: VisitChecks }
  | { kind: 'host_match'; payload: HostMatch }
  | { kind: 'sign_out_notice'; payload: SignOutNotice }
  | { kind: 'escort_recheck'; payload: EscortRecheck }
  | { kind: 'screening_alert'; payload: ScreeningAlert };
export type AfterCommitKind = AfterCommitTask['kind'];

/**
 * Queues work to follow the commit of `tx`'s transaction: it is stored with the change, so if the process dies just
 * after the commit, another pass (here or in another process) still does it. Nothing after the commit can fail the
 * request. The kiosk's sign-in uses this rather than NOTIFY in its own transaction, because PostgreSQL serialises the
 * commits of notifying transactions; one drain notifies for a whole batch.
 */
export function afterCommit(tx: DbOrTx, tasks: AfterCommitTask[]): Promise<void> {
  return insertJobOutbox(tx, tasks);
}

/**
 * How each kind is handed on. A handler runs inside the drain's transaction: a NOTIFY it sends goes out when the
 * drain commits. It must be idempotent (a row is handed on again if the drain fails before deleting it).
 */
export interface AfterCommitHandlers {
  live_event?: (event: LiveEvent, tx: Tx) => Promise<void>;
  visit_checks?: (checks: VisitChecks, tx: Tx) => Promise<void>;
  host_match?: (task: HostMatch, tx: Tx) => Promise<void>;
  sign_out_notice?: (task: SignOutNotice, tx: Tx) => Promise<void>;
  escort_recheck?: (task: EscortRecheck, tx: Tx) => Promise<void>;
  screening_alert?: (task: ScreeningAlert, tx: Tx) => Promise<void>;
  /** Kinds handed on all at once per drain; a kind here is never given to its per-row handler. */
  batch?: AfterCommitBatchHandlers;
}

/**
 * Kinds whose rows one drain hands on together, in one statement for the lot rather than one per row: under load a
 * drain holds many sign-ins. A batch that fails is tried again later as a whole.
 */
export interface AfterCommitBatchHandlers {
  live_event?: (events: LiveEvent[], tx: Tx) => Promise<void>;
  visit_checks?: (checks: VisitChecks[], tx: Tx) => Promise<void>;
}
type BatchKind = keyof AfterCommitBatchHandlers;

/** Live events are sent as NOTIFY from the drain's transaction, all of one drain in one statement. */
export const notifyHandler: Required<Pick<AfterCommitHandlers, 'batch'>> = {
  batch: { live_event: (events, tx) => notifyLiveEvents(tx, events) },
};

/**
 * Hands on up to `limit` due rows of the kinds `handlers` knows (rows of other kinds stay for a worker that knows
 * them) and deletes them, in one transaction. A row whose handler fails is tried again later with backoff; a row
 * that cannot be read is dropped and reported. Returns how many rows were claimed.
 */
export async function drainAfterCommit(
  db: Db,
  options: { handlers: AfterCommitHandlers; limit: number; onError: (where: string, err: unknown) => void },
): Promise<number> {
  const { batch = {}, ...perRow } = options.handlers;
  const kinds = [...new Set([...Object.keys(perRow), ...Object.keys(batch)])];
  return db.transaction(async (tx) => {
    const rows = await claimJobOutbox(tx, { kinds, limit: options.limit });
    const done: number[] = [];
    const batches = new Batches();
    for (const row of rows) {
      try {
        if (!batches.add(row, batch)) await handOn(row, perRow, tx);
        done.push(row.id);
      } catch (err) {
        options.onError(`after-commit ${row.kind}`, err);
        if (err instanceof UnreadableTask) done.push(row.id);
        else await postponeJobOutbox(tx, row.id);
      }
    }
    for (const failed of await batches.handOn(batch, tx)) {
      options.onError(`after-commit ${failed.kind}`, failed.err);
      for (const id of failed.ids) {
        done.splice(done.indexOf(id), 1);
        await postponeJobOutbox(tx, id);
      }
    }
    await deleteJobOutbox(tx, done);
    return rows.length;
  });
}

/** The rows of batch kinds in one drain, parsed, in order. */
class Batches {
  private live: { ids: number[]; items: LiveEvent[] } = { ids: [], items: [] };
  private checks: { ids: number[]; items: VisitChecks[] } = { ids: [], items: [] };

  /** Takes the row if its kind is handed on in batches; throws UnreadableTask for a payload that does not parse. */
  add(row: { id: number; kind: string; payload: unknown }, handlers: AfterCommitBatchHandlers): boolean {
    if (row.kind === 'live_event' && handlers.live_event) {
      const event = parseLiveEvent(row.payload);
      if (!event) throw new UnreadableTask('live event payload does not parse');
      this.live.ids.push(row.id);
      this.live.items.push(event);
      return true;
    }
    if (row.kind === 'visit_checks' && handlers.visit_checks) {
      const parsed = visitChecks.safeParse(row.payload);
      if (!parsed.success) throw new UnreadableTask('visit checks payload does not parse');
      this.checks.ids.push(row.id);
      this.checks.items.push(parsed.data);
      return true;
    }
    return false;
  }

  /** Hands on each kind's rows at once; returns the kinds that failed, with their rows. */
  async handOn(handlers: AfterCommitBatchHandlers, tx: Tx) {
    const failed: { kind: BatchKind; ids: number[]; err: unknown }[] = [];
    const run = async (kind: BatchKind, ids: number[], send: () => Promise<void>) => {
      if (ids.length === 0) return;
      await send().catch((err: unknown) => failed.push({ kind, ids, err }));
    };
    const { live_event, visit_checks } = handlers;
    if (live_event) await run('live_event', this.live.ids, () => live_event(this.live.items, tx));
    if (visit_checks) await run('visit_checks', this.checks.ids, () => visit_checks(this.checks.items, tx));
    return failed;
  }
}

class UnreadableTask extends Error {}

async function handOn(row: { kind: string; payload: unknown }, handlers: AfterCommitHandlers, tx: Tx) {
  if (row.kind === 'live_event' && handlers.live_event) {
    const event = parseLiveEvent(row.payload);
    if (!event) throw new UnreadableTask('live event payload does not parse');
    return handlers.live_event(event, tx);
  }
  if (row.kind === 'visit_checks' && handlers.visit_checks) {
    const parsed = visitChecks.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('visit checks payload does not parse');
    return handlers.visit_checks(parsed.data, tx);
  }
  if (row.kind === 'host_match' && handlers.host_match) {
    const parsed = hostMatch.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('host match payload does not parse');
    return handlers.host_match(parsed.data, tx);
  }
  if (row.kind === 'sign_out_notice' && handlers.sign_out_notice) {
    const parsed = signOutNotice.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('sign-out notice payload does not parse');
    return handlers.sign_out_notice(parsed.data, tx);
  }
  if (row.kind === 'escort_recheck' && handlers.escort_recheck) {
    const parsed = escortRecheck.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('escort recheck payload does not parse');
    return handlers.escort_recheck(parsed.data, tx);
  }
  if (row.kind === 'screening_alert' && handlers.screening_alert) {
    const parsed = screeningAlert.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('screening alert payload does not parse');
    return handlers.screening_alert(parsed.data, tx);
  }
  throw new UnreadableTask(`no handler for ${row.kind}`);
}

export interface AfterCommitWorker {
  /** Drains now rather than at the next interval (after a commit that queued work); never throws. */
  kick(): void;
  /** Stops the loop and waits for a running drain; call it before closing the pool. */
  stop(): Promise<void>;
}

/**
 * Drains the after-commit rows in the background: at once when kicked, otherwise every `intervalMs` (rows from other
 * processes, or left by a crash). Several processes may run one each: rows are claimed with SKIP LOCKED.
 */
export function startAfterCommitWorker(options: {
  db: Db;
  handlers: AfterCommitHandlers;
  onError: (where: string, err: unknown) => void;
  intervalMs?: number;
  batch?: number;
}): AfterCommitWorker {
  const batch = options.batch ?? 100;
  return startLoop({
    name: 'after-commit',
    intervalMs: options.intervalMs ?? 1000,
    log: options.onError,
    // A full batch means more may be waiting: go again at once.
    run: async () =>
      (await drainAfterCommit(options.db, { handlers: options.handlers, limit: batch, onError: options.onError })) ===
      batch,
  });
}
