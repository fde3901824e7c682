import { type Db, listKioskHealth, recordKioskHeartbeat } from '@threshold/db';
import type { kioskHeartbeatInput } from '@threshold/validators';
import type { z } from 'zod';
import type { KioskDevice } from './kiosk-device.ts';
import { reservedCodesFor } from './visit-codes.ts';

/** A tablet beats every 30 s while it can reach the server; three missed beats and the desk sees it as offline. */
export const HEARTBEAT_SECONDS = 30;
const MISSED_BEATS_OFFLINE = 3;

/**
 * Records what the tablet holds unsent and hands it its reserved visit codes (topped up), with the server's time so
 * the tablet can stamp records it keeps offline with the server's clock rather than its own.
 */
export function kioskHeartbeat(
  db: Db,
  device: KioskDevice,
  input: z.output<typeof kioskHeartbeatInput>,
  now: Date,
  heartbeatSeconds = HEARTBEAT_SECONDS,
) {
  return db.transaction(async (tx) => {
    await recordKioskHeartbeat(tx, {
      deviceId: device.id,
      queuedCount: input.queued,
      queuedSince: input.queued > 0 ? input.queuedSince : null,
      at: now,
    });
    const codes = await reservedCodesFor(tx, device, input.usedThroughSeq);
    return { serverTime: now, heartbeatSeconds, codes };
  });
}

export type TabletState = 'online' | 'offline' | 'never';

/** Each active tablet at a site: online or not (by its heartbeat), and how many records it holds unsent. */
export async function kioskHealth(db: Db, params: { siteId: string; now: Date; heartbeatSeconds?: number }) {
  const rows = await listKioskHealth(db, { siteId: params.siteId });
  const offlineAfterMs = MISSED_BEATS_OFFLINE * (params.heartbeatSeconds ?? HEARTBEAT_SECONDS) * 1000;
  return rows.map((r) => ({ ...r, state: stateOf(r.heartbeatAt, params.now, offlineAfterMs) }));
}

function stateOf(heartbeatAt: Date | null, now: Date, offlineAfterMs: number): TabletState {
  if (heartbeatAt === null) return 'never';
  return now.getTime() - heartbeatAt.getTime() > offlineAfterMs ? 'offline' : 'online';
}
