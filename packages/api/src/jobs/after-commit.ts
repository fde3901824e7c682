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
 * request. The kiosk's sign-in queues its tasks this way (rather than NOTIFY in its own transaction, because
 * PostgreSQL serialises the commits of notifying transactions; one drain notifies for a whole batch), written with its
 * other records in one statement (writeSignInRecords).
 */
export function afterCommit(tx: DbOrTx, tasks: AfterCommitTask[]): Promise<void> {
  return insertJobOutbox(tx, tasks);
}

/**
 * How each kind is handed on. A handler runs inside the drain's transaction: a NOTIFY it sends goes out when the
 * drain commits. It must be idempotent (a row is handed on again if the drain fails before deleting it). Live
 * events, visit checks, host matches and screening alerts are handed on all of one drain at once (one statement for the lot:
 * under load a drain holds many sign-ins); if such a handler fails, all its rows are tried again later.
 */
export interface AfterCommitHandlers {
  live_event?: (events: LiveEvent[], tx: Tx) => Promise<void>;
  visit_checks?: (checks: VisitChecks[], tx: Tx) => Promise<void>;
  screening_alert?: (tasks: ScreeningAlert[], tx: Tx) => Promise<void>;
  host_match?: (tasks: HostMatch[], tx: Tx) => Promise<void>;
  sign_out_notice?: (task: SignOutNotice, tx: Tx) => Promise<void>;
  escort_recheck?: (task: EscortRecheck, tx: Tx) => Promise<void>;
}

/** Live events are sent as NOTIFY from the drain's transaction, all of one drain in one statement. */
export const notifyHandler: Required<Pick<AfterCommitHandlers, 'live_event'>> = {
  live_event: (events, tx) => notifyLiveEvents(tx, events),
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
  // Almost every drain fails nothing, so it first runs without a savepoint per batch (each costs a round trip). If
  // anything fails, that pass is rolled back whole and the rows are handed on again with savepoints.
  const reports: [string, unknown][] = [];
  try {
    const claimed = await drainOnce(db, { ...options, onError: (w, e) => reports.push([w, e]) }, false);
    for (const [where, err] of reports) options.onError(where, err);
    return claimed;
  } catch {
    return drainOnce(db, options, true);
  }
}

async function drainOnce(
  db: Db,
  options: { handlers: AfterCommitHandlers; limit: number; onError: (where: string, err: unknown) => void },
  careful: boolean,
): Promise<number> {
  const { handlers } = options;
  const kinds = Object.keys(handlers);
  return db.transaction(async (tx) => {
    const rows = await claimJobOutbox(tx, { kinds, limit: options.limit });
    const done: number[] = [];
    const batches: Batches = { live_event: [], visit_checks: [], host_match: [], screening_alert: [] };
    for (const row of rows) {
      try {
        if (!addToBatch(batches, row)) {
          if (careful) await tx.transaction((savepoint) => handOn(row, handlers, savepoint));
          else await handOn(row, handlers, tx);
        }
        done.push(row.id);
      } catch (err) {
        if (!careful && !(err instanceof UnreadableTask)) throw err;
        options.onError(`after-commit ${row.kind}`, err);
        if (err instanceof UnreadableTask) done.push(row.id);
        else await postponeJobOutbox(tx, row.id);
      }
    }
    // One row a handler cannot take must not hold back the others (an urgent alert among them): if the lot fails,
    // each is tried alone, and only the failing ones wait for a later pass.
    const handOnAll = async <T>(kind: BatchKind, batch: { id: number; task: T }[], run: BatchHandler<T>) => {
      if (batch.length === 0) return;
      const tasks = batch.map((b) => b.task);
      if (!careful) return run(tasks, tx);
      try {
        await tx.transaction((savepoint) => run(tasks, savepoint));
      } catch (err) {
        options.onError(`after-commit ${kind}`, err);
        for (const row of batch) {
          try {
            await tx.transaction((savepoint) => run([row.task], savepoint));
          } catch (rowErr) {
            options.onError(`after-commit ${kind}`, rowErr);
            done.splice(done.indexOf(row.id), 1);
            await postponeJobOutbox(tx, row.id);
          }
        }
      }
    };
    await handOnAll('live_event', batches.live_event, async (tasks, sp) => handlers.live_event?.(tasks, sp));
    await handOnAll('visit_checks', batches.visit_checks, async (tasks, sp) => handlers.visit_checks?.(tasks, sp));
    await handOnAll('host_match', batches.host_match, async (tasks, sp) => handlers.host_match?.(tasks, sp));
    await handOnAll('screening_alert', batches.screening_alert, async (tasks, sp) =>
      handlers.screening_alert?.(tasks, sp),
    );
    await deleteJobOutbox(tx, done);
    return rows.length;
  });
}

class UnreadableTask extends Error {}

type BatchKind = 'live_event' | 'visit_checks' | 'host_match' | 'screening_alert';
type BatchHandler<T> = (tasks: T[], tx: Tx) => Promise<void>;
interface Batches {
  live_event: { id: number; task: LiveEvent }[];
  visit_checks: { id: number; task: VisitChecks }[];
  host_match: { id: number; task: HostMatch }[];
  screening_alert: { id: number; task: ScreeningAlert }[];
}

/** Takes a row of a kind handed on all at once (parsed); false for the other kinds. */
function addToBatch(batches: Batches, row: { id: number; kind: string; payload: unknown }): boolean {
  if (row.kind === 'live_event') {
    const event = parseLiveEvent(row.payload);
    if (!event) throw new UnreadableTask('live event payload does not parse');
    batches.live_event.push({ id: row.id, task: event });
    return true;
  }
  if (row.kind === 'visit_checks') {
    const parsed = visitChecks.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('visit checks payload does not parse');
    batches.visit_checks.push({ id: row.id, task: parsed.data });
    return true;
  }
  if (row.kind === 'host_match') {
    const parsed = hostMatch.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('host match payload does not parse');
    batches.host_match.push({ id: row.id, task: parsed.data });
    return true;
  }
  if (row.kind === 'screening_alert') {
    const parsed = screeningAlert.safeParse(row.payload);
    if (!parsed.success) throw new UnreadableTask('screening alert payload does not parse');
    batches.screening_alert.push({ id: row.id, task: parsed.data });
    return true;
  }
  return false;
}

async function handOn(row: { kind: string; payload: unknown }, handlers: AfterCommitHandlers, tx: Tx) {
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
