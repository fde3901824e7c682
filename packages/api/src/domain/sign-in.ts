import { type Db, findVisitByIdempotencyKey, insertVisitOnce, isPgError } from '@threshold/db';
import type { signInInput } from '@threshold/validators';
import type { z } from 'zod';
import { writeAudit } from './audit.ts';
import type { KioskDevice } from './kiosk-device.ts';
import { newVisitCode } from './secrets.ts';
import { initialVisitState } from './visit-state.ts';

export interface SignInReceipt {
  visitCode: string;
  signedInAt: Date;
  replayed: boolean;
}

const CODE_ATTEMPTS = 8;

/**
 * Records a visitor's sign-in exactly once per kiosk journey: the visit and its audit event commit together,
 * and a retried submit with the same idempotency key returns the first receipt instead of a second visit.
 */
export async function signInVisitor(
  db: Db,
  device: KioskDevice,
  input: z.output<typeof signInInput>,
): Promise<SignInReceipt> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const created = await insertVisitOnce(tx, {
          organisationId: device.organisationId,
          siteId: device.siteId,
          kioskDeviceId: device.id,
          idempotencyKey: input.idempotencyKey,
          visitorName: input.fullName,
          visitorOrganisation: input.organisation,
          category: input.category,
          state: initialVisitState({ heldForScreening: false }),
          visitCode: newVisitCode(),
        });
        if (!created) {
          const first = await findVisitByIdempotencyKey(tx, {
            kioskDeviceId: device.id,
            idempotencyKey: input.idempotencyKey,
          });
          if (!first) throw new Error('idempotency conflict without a stored visit');
          return { visitCode: first.visitCode, signedInAt: first.signedInAt, replayed: true };
        }
        await writeAudit(
          tx,
          { type: 'kiosk', id: device.id },
          { organisationId: device.organisationId, siteId: device.siteId, visitId: created.id },
          { type: 'visit.signed_in', data: { category: input.category } },
        );
        return { visitCode: created.visitCode, signedInAt: created.signedInAt, replayed: false };
      });
    } catch (err) {
      // Two visitors on site drew the same code: draw again.
      if (attempt < CODE_ATTEMPTS && isPgError(err, '23505')) continue;
      throw err;
    }
  }
}
