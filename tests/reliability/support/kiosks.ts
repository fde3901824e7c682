import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';
import { apiClient } from '../../support/api.ts';

type Client = ReturnType<typeof apiClient>;
type Documents = Awaited<ReturnType<Client['kiosk']['documents']['query']>>;
type ReservedCode = Awaited<ReturnType<Client['kiosk']['heartbeat']['mutate']>>['codes'][number];

/** A sign-in the server told a kiosk it had stored (HTTP 200 with a receipt). */
export interface AcknowledgedSignIn {
  kiosk: number;
  name: string;
  idempotencyKey: string;
  /** The code on the receipt, i.e. on the visitor's badge. */
  visitCode: string;
  /** The reserved code the kiosk proposed, if it had one. */
  proposedCode: string | null;
  replayed: boolean;
  attempts: number;
  sentAt: number;
  ackAt: number;
}

export interface AcknowledgedSignOut {
  kiosk: number;
  name: string;
  visitCode: string;
  attempts: number;
  ackAt: number;
}

/** A request the server refused outright (4xx): the kiosk cannot retry it, so the visitor would be stuck. */
export interface Refusal {
  kiosk: number;
  operation: 'signIn' | 'signOut';
  name: string;
  status: number | null;
  code: string | null;
  message: string;
}

/** Every failed attempt by how it failed; 503 latencies show how fast the server refuses while it cannot serve. */
export interface AttemptStats {
  /** Every attempt: when it was sent, how long it took, how it ended. */
  log: { at: number; ms: number; outcome: 'ok' | Failure['kind'] }[];
  ok: number;
  unavailable: number;
  unavailableWithoutRetryAfter: number;
  unavailableMs: number[];
  serverError: number;
  network: number;
  timeout: number;
}

export interface Fleet {
  signIns: AcknowledgedSignIn[];
  signOuts: AcknowledgedSignOut[];
  refusals: Refusal[];
  stats: AttemptStats;
  /**
   * Asks every kiosk to stop after its current journey, which it still retries until acknowledged (for up to
   * `finishWithinMs`; what is still unacknowledged then is returned).
   */
  stop: (finishWithinMs?: number) => Promise<{ unfinished: string[] }>;
}

// What the tablet gives a request before it counts it as lost and sends it again (same input, same key).
const REQUEST_TIMEOUT_MS = 20_000;
// After a stop, how long a kiosk may keep retrying its last journey before the run counts it as never acknowledged.
const FINISH_WITHIN_MS = 120_000;
// A valid 1×1 PNG: enough for the server's checks on a signature image.
const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Pairs one kiosk per code through the real API and returns their device tokens. */
export async function pairKiosks(url: string, codes: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const [i, code] of codes.entries()) {
    const { token } = await apiClient(url).kiosk.pair.mutate({ code, deviceName: `Fault kiosk ${i + 1}` });
    tokens.push(token);
  }
  return tokens;
}

/**
 * Starts one loop per kiosk token: sign in a visitor with a unique name (`<prefix> k<kiosk> v<n>`) and a fresh
 * idempotency key, retrying the very same input on any network error, timeout, 503 or 5xx until acknowledged, as
 * the tablet does; every third journey first signs out one of this kiosk's earlier visitors (with its own key).
 */
export function startKiosks(options: { url: string; tokens: string[]; prefix: string; thinkMs: number }): Fleet {
  const signIns: AcknowledgedSignIn[] = [];
  const signOuts: AcknowledgedSignOut[] = [];
  const refusals: Refusal[] = [];
  const unfinished: string[] = [];
  const stats: AttemptStats = {
    log: [],
    ok: 0,
    unavailable: 0,
    unavailableWithoutRetryAfter: 0,
    unavailableMs: [],
    serverError: 0,
    network: 0,
    timeout: 0,
  };
  let stopping = false;
  let giveUpAt = Number.POSITIVE_INFINITY;

  /** Sends until the server acknowledges; a refusal (4xx) is returned, never retried. */
  async function untilAcknowledged<T>(send: (signal: AbortSignal) => Promise<T>) {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const value = await send(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
        stats.ok += 1;
        stats.log.push({ at: started, ms: Date.now() - started, outcome: 'ok' });
        return { ok: true as const, value, attempts: attempt };
      } catch (err) {
        const failure = classify(err);
        stats.log.push({ at: started, ms: Date.now() - started, outcome: failure.kind });
        if (failure.kind === 'refused') return { ok: false as const, failure, attempts: attempt };
        if (failure.kind === 'unavailable') {
          stats.unavailable += 1;
          stats.unavailableMs.push(Date.now() - started);
          if (!failure.retryAfter) stats.unavailableWithoutRetryAfter += 1;
        } else stats[failure.kind] += 1;
        if (Date.now() > giveUpAt) return { ok: false as const, failure: null, attempts: attempt };
        // Short, growing, jittered: kiosks that all lost the server at once do not all come back in step.
        const backoff = Math.min(200 * 2 ** Math.min(attempt - 1, 4), 2000);
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
  }

  async function runKiosk(kiosk: number, token: string) {
    const client = apiClient(options.url, { kioskToken: token });
    const docs = await untilAcknowledged((signal) => client.kiosk.documents.query({ language: 'en' }, { signal }));
    if (!docs.ok) throw new Error(`kiosk ${kiosk} could not load its documents: ${docs.failure?.message ?? ''}`);
    const codes = reservedCodes(client);
    const onSite: { name: string; visitCode: string }[] = [];
    for (let n = 1; !stopping; n++) {
      const leaving = n % 3 === 0 ? onSite.shift() : undefined;
      if (leaving) {
        const input = { visitCode: leaving.visitCode, idempotencyKey: randomUUID(), signedOutAt: new Date() };
        const result = await untilAcknowledged((signal) => client.visits.signOut.mutate(input, { signal }));
        if (result.ok) signOuts.push({ kiosk, ...leaving, attempts: result.attempts, ackAt: Date.now() });
        else if (result.failure) refusals.push({ kiosk, operation: 'signOut', name: leaving.name, ...result.failure });
        else unfinished.push(`sign-out of ${leaving.name}`);
      }
      const name = `${options.prefix} k${kiosk} v${n}`;
      const proposed = await codes.next();
      const input = journey(docs.value, name, proposed);
      const sentAt = Date.now();
      const result = await untilAcknowledged((signal) => client.visits.signIn.mutate(input, { signal }));
      if (result.ok) {
        const receipt = result.value;
        signIns.push({
          kiosk,
          name,
          idempotencyKey: input.idempotencyKey,
          visitCode: receipt.visitCode,
          proposedCode: proposed?.code ?? null,
          replayed: receipt.replayed,
          attempts: result.attempts,
          sentAt,
          ackAt: Date.now(),
        });
        onSite.push({ name, visitCode: receipt.visitCode });
      } else if (result.failure) refusals.push({ kiosk, operation: 'signIn', name, ...result.failure });
      else unfinished.push(`sign-in of ${name}`);
      await sleep(options.thinkMs * (0.5 + Math.random()));
    }
  }

  // A kiosk that cannot even start (no documents) ends its loop; the run reports it rather than crash on it.
  const loops = options.tokens.map((token, i) =>
    runKiosk(i + 1, token).catch((err: unknown) => {
      unfinished.push(`kiosk ${i + 1} stopped: ${err instanceof Error ? err.message : String(err)}`);
    }),
  );
  return {
    signIns,
    signOuts,
    refusals,
    stats,
    stop: async (finishWithinMs = FINISH_WITHIN_MS) => {
      stopping = true;
      giveUpAt = Date.now() + finishWithinMs;
      await Promise.all(loops);
      return { unfinished };
    },
  };
}

/** The journey as the tablet sends it: documents shown, form signed, policies received, its own time stamp. */
function journey(docs: Documents, name: string, proposed: ReservedCode | undefined) {
  const ref = (d: { id: string; sha256: string }) => ({ documentId: d.id, documentSha256: d.sha256 });
  return {
    idempotencyKey: randomUUID(),
    language: 'en' as const,
    fullName: name,
    organisation: 'Fault Injection Ltd',
    category: 'contractor' as const,
    purpose: 'Boiler service',
    hostName: 'Duty Coordinator',
    signature: { ...ref(docs.form), typedName: name, imagePng: TINY_PNG },
    confidentialityPolicy: ref(docs.confidentialityPolicy),
    disclosurePolicy: ref(docs.disclosurePolicy),
    noPhotography: ref(docs.noPhotography),
    signedAt: new Date(),
    ...(proposed ? { visitCode: proposed.code } : {}),
  };
}

/**
 * The visit codes the server sets aside for this tablet (kiosk.heartbeat), used in order. Topped up when few are
 * left; while the server cannot answer, the kiosk signs visitors in without one (the server then draws a code).
 */
function reservedCodes(client: Client) {
  let codes: ReservedCode[] = [];
  let usedThroughSeq = 0;
  return {
    async next(): Promise<ReservedCode | undefined> {
      if (codes.length < 5) {
        try {
          const beat = await client.kiosk.heartbeat.mutate(
            { queued: 0, queuedSince: null, usedThroughSeq },
            { signal: AbortSignal.timeout(5000) },
          );
          codes = beat.codes.filter((c) => c.seq > usedThroughSeq);
        } catch {
          // A missed heartbeat is normal during a fault; the codes already held still serve.
        }
      }
      const code = codes.shift();
      if (code) usedThroughSeq = code.seq;
      return code;
    },
  };
}

type Failure =
  | { kind: 'refused'; status: number | null; code: string | null; message: string }
  | { kind: 'unavailable'; retryAfter: boolean }
  | { kind: 'serverError' | 'network' | 'timeout' };

function classify(err: unknown): Failure {
  if (!(err instanceof TRPCClientError)) return { kind: 'network' };
  const response = (err.meta as { response?: Response } | undefined)?.response;
  const data = err.data as { httpStatus?: number; code?: string } | undefined;
  const status = data?.httpStatus ?? response?.status ?? null;
  if (status === 503) return { kind: 'unavailable', retryAfter: response?.headers.get('retry-after') !== null };
  if (status !== null && status >= 500) return { kind: 'serverError' };
  if (status !== null && status >= 400) {
    return { kind: 'refused', status, code: data?.code ?? null, message: err.message };
  }
  const cause = err.cause as { name?: string } | undefined;
  return { kind: cause?.name === 'TimeoutError' || cause?.name === 'AbortError' ? 'timeout' : 'network' };
}
