import { type Db, getConfirmedEscortForBadge } from '@threshold/db';
import { shortName } from '@threshold/validators';
import type { KioskDevice } from './kiosk-device.ts';

/** Long enough for a badge kept on screen and reprinted; short enough that old visits tell a kiosk nothing. */
export const BADGE_ESCORT_WINDOW_MINUTES = 15;

/**
 * For the badge on screen: the short name of the escort who has confirmed (on their phone or by PIN) the visit this
 * kiosk signed in within the last minutes. One answer, `null`, for a visit that does not exist, is another
 * kiosk's, is older, or has no confirmed escort yet — so the kiosk can look up no one.
 */
export async function badgeEscort(
  db: Db,
  device: KioskDevice,
  params: { visitCode: string; now: Date },
): Promise<{ escortName: string | null }> {
  const since = new Date(params.now.getTime() - BADGE_ESCORT_WINDOW_MINUTES * 60_000);
  const name = await getConfirmedEscortForBadge(db, {
    siteId: device.siteId,
    kioskDeviceId: device.id,
    visitCode: params.visitCode,
    since,
  });
  return { escortName: name === null ? null : shortName(name) };
}
