/**
 * The tablet's rules for records it keeps while it cannot reach the server: which failures are worth another try,
 * how long to wait, which record goes next and how many it may hold. Pure functions, so they are tested on their own.
 */

export type RecordKind = 'sign-in' | 'sign-out';

/** What came back from one attempt: an HTTP status and tRPC code when the server answered; nulls when it did not. */
export interface Failure {
  status: number | null;
  code: string | null;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs: number | null;
}

/**
 * - `retry`: no answer, a timeout, a gateway or an unavailable database, or a 500 (the server may have committed; the
 *   same idempotency key makes another try safe) — the connection, not the record, is the problem.
 * - `rate-limited`: asked to slow down; the record is fine.
 * - `unknown-code`: a sign-out whose code matches no one on site (typed offline, so never checked).
 * - `refused`: the server looked at the record and said no.
 */
export type Verdict = 'retry' | 'rate-limited' | 'unknown-code' | 'refused';

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);
const RETRYABLE_CODE = new Set([
  'TIMEOUT',
  'INTERNAL_SERVER_ERROR',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
  'CLIENT_CLOSED_REQUEST',
]);

export function classify(kind: RecordKind, failure: Failure): Verdict {
  const { status, code } = failure;
  if (status === null && code === null) return 'retry';
  if ((status !== null && RETRYABLE_STATUS.has(status)) || (code !== null && RETRYABLE_CODE.has(code))) return 'retry';
  if (code === 'TOO_MANY_REQUESTS' || status === 429) return 'rate-limited';
  if (kind === 'sign-out' && (code === 'NOT_FOUND' || status === 404)) return 'unknown-code';
  return 'refused';
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Wait before the next try after `failures` consecutive failures to reach the server. While a visitor waits at the
 * screen the steps are short, so a brief blip is bridged inside the submit budget; in the background they grow to
 * half a minute (the heartbeat's period). A server's Retry-After is respected. `jitter` in [0, 1) spreads tablets
 * that lost the same server apart.
 */
export function retryDelayMs(
  failures: number,
  options: { visitorWaiting: boolean; retryAfterMs?: number | null; jitter?: number },
): number {
  const n = Math.max(1, failures);
  const base = options.visitorWaiting
    ? Math.min(500 * 2 ** (n - 1), 4 * SECOND)
    : Math.min(SECOND * 2 ** (n - 1), 30 * SECOND);
  const spread = options.visitorWaiting ? 0 : Math.round(base * 0.2 * (options.jitter ?? 0));
  return Math.max(base + spread, options.retryAfterMs ?? 0);
}

/**
 * Wait before offering a record to the server again after it refused it (or asked the tablet to slow down): a long,
 * growing pause, because only a change on the server (a fix, a lifted limit) will make the answer different.
 */
export function refusalDelayMs(refusals: number): number {
  return Math.min(MINUTE * 2 ** (Math.max(1, refusals) - 1), 30 * MINUTE);
}

/** A queued record as the sender sees it: order, kind, code, and when it may be tried again. */
export interface QueuedRecordMeta {
  id: number;
  kind: RecordKind;
  /** The sign-in's reserved code, or the code the sign-out was typed with. */
  visitCode: string | null;
  /** Epoch ms before which this record is not offered again (0: now). */
  notBefore: number;
}

/**
 * The next record to send: the oldest one that is due, except a sign-out whose sign-in is still queued ahead of it
 * (the server would not find that visit yet and the sign-out would be dropped as a wrong code).
 */
export function nextToSend(records: readonly QueuedRecordMeta[], now: number): QueuedRecordMeta | null {
  const signInsStillQueued = new Set<string>();
  for (const record of [...records].sort((a, b) => a.id - b.id)) {
    const due = record.notBefore <= now;
    if (record.kind === 'sign-in') {
      if (due) return record;
      if (record.visitCode) signInsStillQueued.add(record.visitCode);
    } else if (due && !(record.visitCode && signInsStillQueued.has(record.visitCode))) {
      return record;
    }
  }
  return null;
}

/**
 * How much the tablet holds at most. 30 sign-ins match the 30 visit codes the server sets aside per tablet; sign-outs
 * need no code, and another 30 leave room for everyone signed in to leave.
 */
export const QUEUE_CAP = { signIns: 30, records: 60 } as const;
/** From this many places left, the welcome screen tells staff the tablet is filling up. */
export const NEAR_CAP = 5;

export interface QueueCounts {
  signIns: number;
  signOuts: number;
}

/** Whether one more record of this kind may be kept on the tablet if it cannot be sent (a sign-in also needs a code). */
export function mayKeep(kind: RecordKind, queued: QueueCounts, hasCode: boolean): boolean {
  const roomForRecords = queued.signIns + queued.signOuts < QUEUE_CAP.records;
  return kind === 'sign-out' ? roomForRecords : hasCode && roomForRecords && queued.signIns < QUEUE_CAP.signIns;
}

/** How many more sign-ins and sign-outs the tablet can keep if they cannot be sent. */
export function roomLeft(queued: QueueCounts, codesLeft: number): QueueCounts {
  const records = Math.max(0, QUEUE_CAP.records - queued.signIns - queued.signOuts);
  return {
    signIns: Math.max(0, Math.min(codesLeft, QUEUE_CAP.signIns - queued.signIns, records)),
    signOuts: records,
  };
}

/**
 * What the welcome screen says about the tablet's capacity. Only while it holds records (it is having trouble
 * sending): a tablet that is online and empty has nothing to warn about.
 */
export function capacityNotice(queued: QueueCounts, codesLeft: number): 'none' | 'near' | 'full' {
  if (queued.signIns + queued.signOuts === 0) return 'none';
  const room = roomLeft(queued, codesLeft).signIns;
  return room === 0 ? 'full' : room <= NEAR_CAP ? 'near' : 'none';
}
