import type { AppRouter } from '@threshold/api';
import type { inferRouterOutputs } from '@trpc/server';
import { type ApiClient, failureOf } from '../api.ts';
import type { Outbox } from './queue.ts';
import type { Payload } from './records.ts';
import { classify, nextToSend, type QueuedRecordMeta, refusalDelayMs, retryDelayMs } from './rules.ts';

export type SignInReceipt = inferRouterOutputs<AppRouter>['visits']['signIn'];

export type Answer = { kind: 'sign-in'; receipt: SignInReceipt } | { kind: 'sign-out' };

/**
 * - `sent`: the server acknowledged it (the record is deleted).
 * - `kept`: not acknowledged in time for a reason worth retrying; it stays queued and will be sent.
 * - `refused`: the server said no to this record (shown to the visitor as before; the record is deleted).
 * - `not-kept`: not acknowledged in time, and the tablet could not keep it (no code or queue full): deleted.
 */
export type SendOutcome =
  | { status: 'sent'; answer: Answer }
  | { status: 'kept' }
  | { status: 'refused'; error: unknown }
  | { status: 'not-kept' };

/** How long a visitor waits at "please wait" before the tablet keeps the record and shows the badge. */
export const SUBMIT_BUDGET_MS = 8_000;

interface Waiter {
  settle: (outcome: SendOutcome) => void;
  onFailedAttempt: () => void;
}

interface SenderDeps {
  client: ApiClient;
  outbox: Outbox;
  /** False while the tablet is not paired: nothing can be sent without its token. */
  canSend: () => boolean;
  onUnauthorized: (error: unknown) => void;
}

/**
 * Sends queued records to the server one at a time, oldest first, each with its original idempotency key and time,
 * and deletes each once acknowledged. A visitor's own submit is queued first and then waited for, so it can never be
 * lost between the screen and the server, and older records still go ahead of it.
 */
export class Sender {
  private readonly refusals = new Map<number, { count: number; notBefore: number }>();
  private readonly waiters = new Map<number, Waiter>();
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly deps: SenderDeps) {}

  /** Queues the record, then waits up to `budgetMs` for the server's answer to it. */
  async submit(
    payload: Payload,
    options: { mayKeep: boolean; onFailedAttempt: () => void; budgetMs?: number },
  ): Promise<SendOutcome> {
    const id = await this.deps.outbox.add(payload).catch(() => null);
    if (id === null) return this.sendUnkept(payload);
    let outcome: SendOutcome | null = null;
    const settled = new Promise<void>((resolve) => {
      this.waiters.set(id, {
        settle: (o) => {
          outcome = o;
          resolve();
        },
        onFailedAttempt: options.onFailedAttempt,
      });
    });
    this.kick();
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, options.budgetMs ?? SUBMIT_BUDGET_MS))]);
    this.waiters.delete(id);
    if (outcome) return outcome;
    if (options.mayKeep) return { status: 'kept' };
    await this.deps.outbox.remove(id);
    return { status: 'not-kept' };
  }

  /** The tablet's storage failed (full, or wiped by the browser): it cannot keep the record, but can still try once. */
  private async sendUnkept(payload: Payload): Promise<SendOutcome> {
    try {
      return { status: 'sent', answer: await this.send(payload) };
    } catch (error) {
      return classify(payload.kind, failureOf(error)) === 'retry'
        ? { status: 'not-kept' }
        : { status: 'refused', error };
    }
  }

  /** Something suggests the server is reachable again (online event, heartbeat answered): try now. */
  kick(): void {
    this.failures = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.flush();
  }

  /** Sends what is due, one pass after another while new work arrives; never two passes at once. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    if (!this.deps.canSend()) return;
    const pending = (await this.deps.outbox.all()).flatMap(({ id, payload }) => (payload ? [{ id, payload }] : []));
    for (;;) {
      const next = nextToSend(pending.map(this.meta), Date.now());
      const record = pending.find((r) => r.id === next?.id);
      if (!record) return;
      const keepGoing = await this.attempt(record.id, record.payload);
      pending.splice(pending.indexOf(record), 1);
      if (!keepGoing) return;
    }
  }

  /** One try of one record; false when the connection failed and the pass should stop. */
  private async attempt(id: number, payload: Payload): Promise<boolean> {
    try {
      const answer = await this.send(payload);
      this.failures = 0;
      this.refusals.delete(id);
      await this.deps.outbox.remove(id);
      this.waiters.get(id)?.settle({ status: 'sent', answer });
      return true;
    } catch (error) {
      const failure = failureOf(error);
      if (failure.code === 'UNAUTHORIZED') {
        // The tablet, not the record, was refused (revoked): keep everything until it is paired again.
        this.deps.onUnauthorized(error);
        return false;
      }
      const verdict = classify(payload.kind, failure);
      const waiter = this.waiters.get(id);
      if (verdict === 'retry') {
        this.failures += 1;
        for (const w of this.waiters.values()) w.onFailedAttempt();
        this.schedule(
          retryDelayMs(this.failures, {
            visitorWaiting: this.waiters.size > 0,
            retryAfterMs: failure.retryAfterMs,
            jitter: Math.random(),
          }),
        );
        return false;
      }
      if (waiter || verdict === 'unknown-code') {
        // A visitor at the screen sees the answer and can fix it; a sign-out with a code that matches no one cannot
        // be fixed by anyone at the tablet. Either way the record has had its answer.
        await this.deps.outbox.remove(id);
        this.refusals.delete(id);
        waiter?.settle({ status: 'refused', error });
        return true;
      }
      // Refused or asked to wait, with no one to tell: keep it, counted in the heartbeat, and ask again much later.
      const count = (this.refusals.get(id)?.count ?? 0) + 1;
      this.refusals.set(id, { count, notBefore: Date.now() + refusalDelayMs(count) });
      return true;
    }
  }

  private send(payload: Payload): Promise<Answer> {
    if (payload.kind === 'sign-in') {
      return this.deps.client.visits.signIn.mutate(payload.input).then((receipt) => ({ kind: 'sign-in', receipt }));
    }
    return this.deps.client.visits.signOut.mutate(payload.input).then(() => ({ kind: 'sign-out' }));
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  private readonly meta = ({ id, payload }: { id: number; payload: Payload }): QueuedRecordMeta => ({
    id,
    kind: payload.kind,
    visitCode: payload.input.visitCode ?? null,
    notBefore: this.refusals.get(id)?.notBefore ?? 0,
  });
}
