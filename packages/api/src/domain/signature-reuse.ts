import {
  type DbOrTx,
  findReusableSignature,
  hitRateLimit,
  listCurrentDocuments,
  refundRateLimit,
  type VisitSignatureRow,
} from '@threshold/db';
import type { reusedSignatureInput, signatureInput } from '@threshold/validators';
import type { z } from 'zod';
import { monthsBefore } from './dates.ts';
import { journeyKinds } from './documents.ts';
import { DomainError } from './errors.ts';
import type { KioskDevice } from './kiosk-device.ts';
import { newSignatureReference, sha256Hex } from './secrets.ts';

const WRONG_REFERENCE_LIMIT = 5;
const WRONG_REFERENCE_WINDOW_SECONDS = 10 * 60;

export const REFERENCE_REFUSED = 'That signature reference cannot be used today. Please read and sign the form.';

type ReusedSignature = z.output<typeof reusedSignatureInput>;

function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/** The signature row of a new visit (the visit and the form version are the sign-in's), and the reference to show. */
export interface SignatureToStore extends Omit<VisitSignatureRow, 'visitId' | 'documentId'> {
  /** Shown once to the visitor when a new reference was issued. */
  newReference: string | null;
}

interface ReuseQuery {
  device: KioskDevice;
  validMonths: number;
  reused: ReusedSignature;
  fullName: string;
  now: Date;
}

/**
 * The earlier signature a reference stands for: given at this site, on the form version that is current now (the
 * one the visitor was shown), within the site's window, by someone of the same name. Null otherwise.
 */
async function findReuse(db: DbOrTx, q: ReuseQuery) {
  if (q.validMonths <= 0) return null;
  const currentForms = await listCurrentDocuments(db, {
    siteId: q.device.siteId,
    kinds: [journeyKinds.form],
  });
  const isCurrent = currentForms.some((d) => d.id === q.reused.documentId && d.sha256 === q.reused.documentSha256);
  // Looked up even for a form that is not current, so the time of an answer does not depend on which check failed.
  const referenceHash = sha256Hex(q.reused.reference);
  const found = await findReusableSignature(db, {
    referenceHash,
    siteId: q.device.siteId,
    documentId: q.reused.documentId,
    signedAfter: monthsBefore(q.now, q.validMonths),
  });
  return found && isCurrent && sameName(found.typedName, q.fullName) ? { ...found, referenceHash } : null;
}

/**
 * Whether a reference can stand in for signing today. Every guess is counted per kiosk before it is evaluated and
 * refused after a few, as with wrong visit codes; a good reference takes its count back. Sign-in calls this too,
 * outside its transaction, so guessing through sign-in is limited in the same way.
 */
export async function checkSignatureReference(db: DbOrTx, q: ReuseQuery): Promise<{ accepted: boolean }> {
  const key = `kiosk-wrong-reference:${q.device.id}`;
  const attempts = await hitRateLimit(db, { key, windowSeconds: WRONG_REFERENCE_WINDOW_SECONDS });
  if (attempts > WRONG_REFERENCE_LIMIT) {
    throw new DomainError('TOO_MANY_REQUESTS', 'Please read and sign the form, or ask at reception.');
  }
  const found = await findReuse(db, q);
  // Only an accepted reference takes its count back: the answer says so anyway.
  if (found) await refundRateLimit(db, { key });
  return { accepted: found !== null };
}

/**
 * Decides what signature a visit records: a new one (with a fresh secret reference when the site accepts earlier
 * signatures), or a copy of the one given on the same form version within the site's window.
 */
export async function signatureForVisit(
  db: DbOrTx,
  params: {
    device: KioskDevice;
    validMonths: number;
    signature: { png: Buffer; input: z.output<typeof signatureInput> } | null;
    reused: ReusedSignature | null;
    fullName: string;
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
  const earlier = params.reused ? await findReuse(db, { ...params, reused: params.reused }) : null;
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
