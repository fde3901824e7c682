import { type DbOrTx, findReusableSignature, hitRateLimit, refundRateLimit } from '@threshold/db';
import type { reusedSignatureInput, signatureInput } from '@threshold/validators';
import type { z } from 'zod';
import { DomainError } from './errors.ts';
import type { KioskDevice } from './kiosk-device.ts';
import { newSignatureReference, sha256Hex } from './secrets.ts';

const WRONG_REFERENCE_LIMIT = 5;
const WRONG_REFERENCE_WINDOW_SECONDS = 10 * 60;

export const REFERENCE_REFUSED = 'That signature reference cannot be used today. Please read and sign the form.';

function monthsBefore(now: Date, months: number): Date {
  const earlier = new Date(now);
  earlier.setUTCMonth(earlier.getUTCMonth() - months);
  return earlier;
}

export interface SignatureToStore {
  documentSha256: string;
  typedName: string;
  signaturePng: Buffer;
  signedAt: Date;
  referenceHash: string | null;
  reusedFromVisitId: string | null;
  /** Shown once to the visitor when a new reference was issued. */
  newReference: string | null;
}

/**
 * Decides what signature a visit records: a new one (with a fresh secret reference when the site accepts earlier
 * signatures), or a copy of one given on the same form version within the site's window.
 */
export async function signatureForVisit(
  db: DbOrTx,
  params: {
    device: KioskDevice;
    validMonths: number;
    formDocumentId: string;
    signature: { png: Buffer; input: z.output<typeof signatureInput> } | null;
    reused: z.output<typeof reusedSignatureInput> | null;
    now: Date;
  },
): Promise<SignatureToStore> {
  if (params.signature) {
    const newReference = params.validMonths > 0 ? newSignatureReference() : null;
    return {
      documentSha256: params.signature.input.documentSha256,
      typedName: params.signature.input.typedName,
      signaturePng: params.signature.png,
      signedAt: params.now,
      referenceHash: newReference ? sha256Hex(newReference) : null,
      reusedFromVisitId: null,
      newReference,
    };
  }
  const earlier = params.reused
    ? await findReuse(db, params.device, params.validMonths, params.formDocumentId, params.reused.reference, params.now)
    : null;
  if (!earlier) throw new DomainError('CONFLICT', REFERENCE_REFUSED);
  return {
    documentSha256: earlier.documentSha256,
    typedName: earlier.typedName,
    signaturePng: earlier.signaturePng,
    signedAt: earlier.signedAt,
    referenceHash: earlier.referenceHash,
    reusedFromVisitId: earlier.visitId,
    newReference: null,
  };
}

async function findReuse(
  db: DbOrTx,
  device: KioskDevice,
  validMonths: number,
  documentId: string,
  reference: string,
  now: Date,
) {
  if (validMonths <= 0) return null;
  const referenceHash = sha256Hex(reference);
  const found = await findReusableSignature(db, {
    referenceHash,
    siteId: device.siteId,
    documentId,
    signedAfter: monthsBefore(now, validMonths),
  });
  return found ? { ...found, referenceHash } : null;
}

/**
 * Lets the kiosk skip the signature step when the visitor's reference is good. Guesses are counted per kiosk
 * before evaluation and refused after a few, like wrong visit codes.
 */
export async function checkSignatureReference(
  db: DbOrTx,
  params: { device: KioskDevice; validMonths: number; documentId: string; reference: string; now: Date },
): Promise<{ accepted: boolean }> {
  const key = `kiosk-wrong-reference:${params.device.id}`;
  const attempts = await hitRateLimit(db, { key, windowSeconds: WRONG_REFERENCE_WINDOW_SECONDS });
  if (attempts > WRONG_REFERENCE_LIMIT) {
    throw new DomainError('TOO_MANY_REQUESTS', 'Please read and sign the form, or ask at reception.');
  }
  const found = await findReuse(db, params.device, params.validMonths, params.documentId, params.reference, params.now);
  if (found) await refundRateLimit(db, { key });
  return { accepted: found !== null };
}
