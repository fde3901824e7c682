import { setTimeout as sleep } from 'node:timers/promises';

export interface HealthSample {
  at: number;
  /** HTTP status, or null when nothing answered (server down). */
  status: number | null;
  ms: number;
}

/** Asks /health every `everyMs` for the whole scenario, so outages and recoveries can be read off afterwards. */
export function watchHealth(url: string, everyMs = 250) {
  const samples: HealthSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now();
      const status = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) }).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => null,
      );
      samples.push({ at, status, ms: Date.now() - at });
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    /** The first sample at or after `t` that answered 200. */
    healthyAfter: (t: number) => samples.find((s) => s.at >= t && s.status === 200)?.at ?? null,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Polls /health until it answers 200; returns when it did, or null at the deadline. */
export async function waitUntilHealthy(url: string, withinMs = 60_000): Promise<number | null> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) }).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return Date.now();
    await sleep(200);
  }
  return null;
}

/** Polls /health until it reports the database unreachable (503); returns when, or null at the deadline. */
export async function waitUntilUnavailable(url: string, withinMs = 30_000): Promise<number | null> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const down = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) }).then(
      (res) => res.status === 503,
      () => false,
    );
    if (down) return Date.now();
    await sleep(100);
  }
  return null;
}

export interface OutageProbe {
  /** What /health said (status and body). */
  health: { status: number; body: unknown };
  /** A kiosk's request while the database is down: status, Retry-After, time to answer. */
  requests: { status: number; retryAfter: string | null; ms: number }[];
}

/**
 * While the database is down: /health's answer, and `count` kiosk requests (kiosk.status, as a paired tablet asks
 * it) with their status, Retry-After and how long each took.
 */
export async function probeOutage(url: string, kioskToken: string, count = 5): Promise<OutageProbe> {
  const healthRes = await fetch(`${url}/health`);
  const health = { status: healthRes.status, body: await healthRes.json().catch(() => null) };
  const requests: OutageProbe['requests'] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/trpc/kiosk.status`, { headers: { authorization: `Bearer ${kioskToken}` } });
    await res.arrayBuffer();
    requests.push({
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      ms: Math.round(performance.now() - started),
    });
    await sleep(100);
  }
  return { health, requests };
}
