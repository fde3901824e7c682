import { type Db, listKioskHealth, recordKioskHeartbeat } from '@threshold/db';
import type { kioskHeartbeatInput } from '@threshold/validators';
import type { z } from 'zod';
import type { KioskDevice } from './kiosk-device.ts';
import { reservedCodesFor } from './visit-codes.ts';

/** A tablet beats every 30 s while it can reach the server; three missed beats and the desk sees it as offline. */
export const HEARTBEAT_SECONDS = 30;
const OFFLINE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS;

/**
 * Records what the tablet holds unsent and hands it its reserved visit codes (topped up), with the server's time so
 * the tablet can stamp records it keeps offline with the server's clock rather than its own.
 */
export function kioskHeartbeat(db: Db, device: KioskDevice, input: z.output<typeof kioskHeartbeatInput>, now: Date) {
  return db.transaction(async (tx) => {
    await recordKioskHeartbeat(tx, {
      deviceId: device.id,
      queuedCount: input.queued,
      queuedSince: input.queued > 0 ? input.queuedSince : null,
      at: now,
    });
    const codes = await reservedCodesFor(tx, device, input.usedThroughSeq);
    return { serverTime: now, heartbeatSeconds: HEARTBEAT_SECONDS, codes };
  });
}

export type TabletState = 'online' | 'offline' | 'never';

/** Each active tablet at a site: online or not (by its heartbeat), and how many records it holds unsent. */
export async function kioskHealth(db: Db, params: { siteId: string; now: Date }) {
  const rows = await listKioskHealth(db, params);
  return rows.map((r) => ({ ...r, state: stateOf(r.heartbeatAt, params.now) }));
}

function stateOf(heartbeatAt: Date | null, now: Date): TabletState {
  if (heartbeatAt === null) return 'never';
  return now.getTime() - heartbeatAt.getTime() > OFFLINE_AFTER_SECONDS * 1000 ? 'offline' : 'online';
}
