import { addDisplay, revokeDisplay } from '../domain/display-devices.ts';
import { createDisplayPairingCode, pairDisplay } from '../domain/display-pairing.ts';
import type { Harness } from '../test-support/harness.ts';
import { everyone, type Who } from './identities.ts';

export interface DisplayFixtures {
  id: string;
  token: string;
  revokedToken: string;
  /** A display for admins to pair again and revoke, so the caller's own display keeps working. */
  spareId: string;
  pairingCodes: Record<Who, string>;
}

/** A paired board display, a revoked one, a spare one, and a pairing code for each caller to try. */
export async function displayFixtures(h: Harness, siteId: string, adminId: string): Promise<DisplayFixtures> {
  const hours = { namesFrom: 0, namesUntil: 24 * 60 - 1 };
  const paired = async (name: string) => {
    const { displayId } = await addDisplay(h.db, { siteId, staffId: adminId, name, ...hours });
    const { code } = await createDisplayPairingCode(h.db, { siteId, displayId, staffId: adminId, now: new Date() });
    const { token } = await pairDisplay(h.db, { code, now: new Date(), clientAddress: `fixture-${name}` });
    return { displayId, token };
  };
  const display = await paired('Matrix reception screen');
  const revoked = await paired('Matrix revoked screen');
  await revokeDisplay(h.db, { siteId, displayId: revoked.displayId, staffId: adminId, now: new Date() });
  const spare = await addDisplay(h.db, { siteId, staffId: adminId, name: 'Matrix spare screen', ...hours });
  const codes = await Promise.all(
    everyone.map(async (who) => {
      const pairable = await addDisplay(h.db, { siteId, staffId: adminId, name: `Screen for ${who}`, ...hours });
      const { code } = await createDisplayPairingCode(h.db, {
        siteId,
        displayId: pairable.displayId,
        staffId: adminId,
        now: new Date(),
      });
      return [who, code] as const;
    }),
  );
  return {
    id: display.displayId,
    token: display.token,
    revokedToken: revoked.token,
    spareId: spare.displayId,
    pairingCodes: Object.fromEntries(codes) as Record<Who, string>,
  };
}
