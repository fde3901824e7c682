import {
  type Db,
  findActiveStaffAtSiteByName,
  findVisitByIdempotencyKey,
  getSite,
  insertOutboxMessage,
  insertVisitAcknowledgements,
  insertVisitOnce,
  insertVisitSignature,
  isPgError,
} from '@threshold/db';
import type { signInInput } from '@threshold/validators';
import type { z } from 'zod';
import { writeAudit } from './audit.ts';
import { verifyJourneyDocuments } from './documents.ts';
import { DomainError } from './errors.ts';
import { assignEscortInTx } from './escort/assignment.ts';
import { isEligibleEscort, signalVisitChange } from './escort/context.ts';
import { scheduleVisitChecks, type VisitTimers } from './escort/timers.ts';
import type { KioskDevice } from './kiosk-device.ts';
import { newVisitCode } from './secrets.ts';
import { checkSignatureReference, REFERENCE_REFUSED, signatureForVisit } from './signature-reuse.ts';
import { initialVisitState } from './visit-state.ts';

export type SignInData = z.output<typeof signInInput>;

export interface SignInReceipt {
  visitId: string;
  visitCode: string;
  signedInAt: Date;
  replayed: boolean;
  /** A new secret reference to reuse this signature next time (sites that allow it), shown once. */
  signatureReference: string | null;
}

const CODE_ATTEMPTS = 8;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Records a visitor's whole journey exactly once: the visit, the signature on the exact form version, the
 * policies received, the no-photography acknowledgement, the emailed copy (if asked for) and the audit event
 * commit together. A retried submit with the same idempotency key returns the first receipt.
 */
export async function signInVisitor(
  db: Db,
  device: KioskDevice,
  input: SignInData,
  now: Date = new Date(),
  timers?: VisitTimers,
): Promise<SignInReceipt> {
  const site = await getSite(db, { siteId: device.siteId });
  if (!site) throw new Error('kiosk device references a missing site');
  const { receipt, escortId } = await recordSignIn(db, device, site, input, now);
  // After the commit, not in it: PostgreSQL serialises the commits of all transactions that notify (measured with
  // the audit-chain bench's sign-in SQL: 1,780 → 720–850 sign-ins/s at 32 clients). Should the process die in
  // between, the board catches up at its next refetch. Also sent on a replay: a repeated "visit changed" is harmless.
  await signalVisitChange(db, { ...device, id: receipt.visitId }, [escortId]);
  // After the commit, also on a replay: if scheduling failed the first time, the kiosk's retry schedules again
  // (a timer already waiting for this visit is not duplicated).
  if (timers) {
    await scheduleVisitChecks(timers, {
      visitId: receipt.visitId,
      signedInAt: receipt.signedInAt,
      escortConfirmSeconds: site.escortConfirmSeconds,
      expectedVisitMinutes: site.expectedVisitMinutes,
    });
  }
  return receipt;
}

type Site = NonNullable<Awaited<ReturnType<typeof getSite>>>;

async function recordSignIn(
  db: Db,
  device: KioskDevice,
  site: Site,
  input: SignInData,
  now: Date,
): Promise<{ receipt: SignInReceipt; escortId: string | null }> {
  const newSignature = input.signature ? { png: decodePng(input.signature.imagePng), input: input.signature } : null;
  const formShown = input.signature ?? input.reusedSignature;
  if (!formShown) throw new DomainError('BAD_REQUEST', 'signature: Please sign in the box');
  // Counted outside the transaction (a refusal rolls it back), so guessing references through sign-in is limited.
  if (input.reusedSignature) {
    const check = await checkSignatureReference(db, {
      device,
      validMonths: site.signatureValidMonths,
      reused: input.reusedSignature,
      fullName: input.fullName,
      now,
    });
    if (!check.accepted) throw new DomainError('CONFLICT', REFERENCE_REFUSED);
  }
  // Matched before the transaction; the kiosk's answer never depends on whether it matched.
  const hostStaffId = await findActiveStaffAtSiteByName(db, { siteId: device.siteId, name: input.hostName });
  const hostEscortId =
    hostStaffId && (await isEligibleEscort(db, { siteId: device.siteId, staffId: hostStaffId, now }))
      ? hostStaffId
      : null;
  for (let attempt = 1; ; attempt++) {
    try {
      const receipt = await db.transaction(async (tx): Promise<SignInReceipt> => {
        const created = await insertVisitOnce(tx, {
          organisationId: device.organisationId,
          siteId: device.siteId,
          kioskDeviceId: device.id,
          idempotencyKey: input.idempotencyKey,
          visitorName: input.fullName,
          visitorOrganisation: input.organisation,
          category: input.category,
          purpose: input.purpose,
          hostName: input.hostName,
          hostStaffId,
          visitorEmail: input.email ?? null,
          language: input.language,
          state: initialVisitState({ heldForScreening: false }),
          visitCode: newVisitCode(),
        });
        if (!created) {
          const first = await findVisitByIdempotencyKey(tx, {
            kioskDeviceId: device.id,
            idempotencyKey: input.idempotencyKey,
          });
          if (!first) throw new Error('idempotency conflict without a stored visit');
          // The reference is shown once; a replay cannot reveal it again (only its hash is stored).
          return {
            visitId: first.id,
            visitCode: first.visitCode,
            signedInAt: first.signedInAt,
            replayed: true,
            signatureReference: null,
          };
        }
        const docs = await verifyJourneyDocuments(tx, {
          siteId: device.siteId,
          language: input.language,
          shown: {
            form: formShown,
            confidentialityPolicy: input.confidentialityPolicy,
            disclosurePolicy: input.disclosurePolicy,
            noPhotography: input.noPhotography,
          },
        });
        const { newReference, ...signature } = await signatureForVisit(tx, {
          device,
          validMonths: site.signatureValidMonths,
          signature: newSignature,
          reused: input.reusedSignature ?? null,
          fullName: input.fullName,
          now,
        });
        await insertVisitSignature(tx, { visitId: created.id, documentId: docs.form.id, ...signature });
        const ack = (doc: { id: string; sha256: string }, kind: 'policy_received' | 'no_photography') => ({
          visitId: created.id,
          documentId: doc.id,
          documentSha256: doc.sha256,
          kind,
          acknowledgedAt: now,
        });
        await insertVisitAcknowledgements(tx, [
          ack(docs.confidentialityPolicy, 'policy_received'),
          ack(docs.disclosurePolicy, 'policy_received'),
          ack(docs.noPhotography, 'no_photography'),
        ]);
        if (input.email) {
          await insertOutboxMessage(tx, {
            organisationId: device.organisationId,
            siteId: device.siteId,
            visitId: created.id,
            template: 'signed_form_copy',
            toAddress: input.email,
          });
        }
        await writeAudit(
          tx,
          { type: 'kiosk', id: device.id },
          { organisationId: device.organisationId, siteId: device.siteId, visitId: created.id },
          {
            type: 'visit.signed_in',
            data: {
              category: input.category,
              language: input.language,
              formDocumentId: docs.form.id,
              acknowledgedDocumentIds: [docs.confidentialityPolicy.id, docs.disclosurePolicy.id, docs.noPhotography.id],
              hostMatched: hostStaffId !== null,
              copyEmailed: input.email !== undefined,
              signatureReused: signature.reusedFromVisitId !== null,
            },
          },
        );
        if (hostEscortId) {
          // The typed host is an eligible escort: they are assigned at once (and notified); otherwise the desk assigns.
          await assignEscortInTx(tx, {
            siteId: device.siteId,
            visitId: created.id,
            staffId: hostEscortId,
            actor: { type: 'kiosk', id: device.id },
            how: 'host_match',
            now,
          });
        }
        return {
          visitId: created.id,
          visitCode: created.visitCode,
          signedInAt: created.signedInAt,
          replayed: false,
          signatureReference: newReference,
        };
      });
      return { receipt, escortId: receipt.replayed ? null : hostEscortId };
    } catch (err) {
      // Two visitors on site drew the same code: draw again.
      if (attempt < CODE_ATTEMPTS && isPgError(err, '23505')) continue;
      throw err;
    }
  }
}

function decodePng(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
  if (bytes.length < PNG_MAGIC.length || !bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
    throw new DomainError('BAD_REQUEST', 'signature.imagePng: The signature image is damaged; please sign again');
  }
  return bytes;
}
