import { z } from 'zod';
import { clientTime } from './dates.ts';
import { siteId } from './scope.ts';
import { text } from './text.ts';

export const pairingCode = z
  .string({ error: 'Enter the 6-digit pairing code' })
  .trim()
  .regex(/^\d{6}$/, { error: 'The pairing code is 6 digits' });

export const pairKioskInput = z.object({
  code: pairingCode,
  deviceName: text({ trim: true })
    .min(1, { error: 'Give this device a name' })
    .max(80, { error: 'At most 80 characters' })
    .default('Reception kiosk'),
});
export type PairKioskInput = z.input<typeof pairKioskInput>;

export const createPairingCodeInput = z.object({ siteId });

export const kioskDeviceInput = z.object({ siteId, deviceId: z.uuid() });
export const renameKioskInput = kioskDeviceInput.extend({
  name: text({ trim: true }).min(1, { error: 'Give this device a name' }).max(80, { error: 'At most 80 characters' }),
});

/** What a tablet reports every half minute: how many records it holds unsent, since when, and its last code used. */
export const kioskHeartbeatInput = z.object({
  queued: z.number().int().min(0).max(10_000),
  queuedSince: clientTime('time of the oldest unsent record').nullable(),
  /** The sequence number of the last reserved visit code the tablet has handed out (0: none yet). */
  // Stored as a PostgreSQL integer: a larger number must be a field error, not a failed insert.
  usedThroughSeq: z.number().int().min(0).max(2_000_000_000),
});
export type KioskHeartbeatInput = z.input<typeof kioskHeartbeatInput>;
