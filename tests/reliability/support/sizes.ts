/**
 * How big a fault run is. The defaults are CI-sized (they run inside `npm test` on 2 cores); `npm run
 * test:reliability` sets a longer run through the same variables.
 */
function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return value;
}

export const sizes = {
  /** Simulated kiosks signing visitors in at once. */
  kiosks: Math.round(envNumber('THRESHOLD_FAULT_KIOSKS', 40)),
  /** Seconds of load per fault scenario; longer runs repeat the fault more often. */
  loadSeconds: envNumber('THRESHOLD_FAULT_SECONDS', 12),
  /**
   * A kiosk's pause between journeys (ms): a lobby is busy, not a benchmark. Each tablet stays under the server's
   * per-kiosk sign-in limit (30 a minute; the long run pauses longer), so load comes from many tablets, as in a
   * real organisation.
   */
  thinkMs: envNumber('THRESHOLD_FAULT_THINK_MS', 2000),
};

/**
 * The generous limit that proves "recovers by itself": from a fault's end to sign-ins acknowledged again. It is not
 * a speed target; a restart on two busy cores takes several seconds.
 */
export const RECOVERY_LIMIT_SECONDS = 30;
