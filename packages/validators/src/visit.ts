import { z } from 'zod';
import { clientTime } from './dates.ts';
import { kioskLanguage, visitorCategory } from './enums.ts';
import { siteId } from './scope.ts';
import { text } from './text.ts';

/** Letters and digits that cannot be mistaken for each other on a badge (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const visitCodeAlphabet = 'ACDEFGHJKMNPQRTUVWXY34679';
export const visitCodeLength = 6;

/** Accepts what a visitor types or a scanner sends: case, spaces and dashes do not matter. */
export const visitCode = text({ error: 'Enter the code on your badge', multiline: true })
  .max(64, { error: `The code on your badge has ${visitCodeLength} letters and numbers` })
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .length(visitCodeLength, { error: `The code on your badge has ${visitCodeLength} letters and numbers` })
      .regex(new RegExp(`^[${visitCodeAlphabet}]+$`), { error: 'That code has a character badges never use' }),
  );

const personText = (field: string, max: number) =>
  // Control characters have no place in a name and could corrupt printed badges or CSV exports.
  text({ error: `Enter your ${field}`, invalid: `Your ${field} contains characters we cannot accept`, trim: true })
    .min(1, { error: `Enter your ${field}` })
    .max(max, { error: `Your ${field} must be ${max} characters or fewer` });

/** Points at the exact version of a document the visitor was shown, and the hash of the text they saw. */
export const documentRef = z.object({
  documentId: z.uuid({ error: 'Missing document' }),
  documentSha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Missing document fingerprint' }),
});
export type DocumentRef = z.infer<typeof documentRef>;

// A finger signature on a wide pad is typically 10–60 KB of PNG; 400 KB leaves room without inviting abuse.
const MAX_SIGNATURE_BASE64 = 400_000;

export const signatureInput = documentRef.extend({
  typedName: personText('full name', 120),
  // One check, one message: a wrong prefix and damaged base64 are the same problem for the visitor.
  imagePng: z
    .string({ error: 'Please sign in the box' })
    .max(MAX_SIGNATURE_BASE64, { error: 'The signature image is too large' })
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, { error: 'Please sign in the box again' }),
});

/** The secret a visitor is given after signing, to reuse that signature within the site's window. */
export const signatureReference = text({ error: 'Enter the signature reference you were given', multiline: true })
  .max(64, { error: 'A signature reference has 8 letters and numbers' })
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .length(8, { error: 'A signature reference has 8 letters and numbers' })
      .regex(new RegExp(`^[${visitCodeAlphabet}]+$`), { error: 'That reference has a character we never use' }),
  );

export const reusedSignatureInput = documentRef.extend({ reference: signatureReference });

const optionalEmail = text({ trim: true })
  .max(254, { error: 'That email address is too long' })
  .transform((s) => s || undefined)
  .pipe(z.email({ error: 'Enter an email address like name@example.org, or leave it empty' }).optional())
  .optional();

export const signInInput = z
  .object({
    idempotencyKey: z.uuid({ error: 'Missing journey key' }),
    language: kioskLanguage.default('en'),
    fullName: personText('full name', 120),
    organisation: personText('organisation', 160),
    category: visitorCategory,
    purpose: personText('reason for visiting', 500),
    hostName: personText('host’s name', 120),
    email: optionalEmail,
    /** A new signature on the form; or, where the site allows it, `reusedSignature` instead. */
    signature: signatureInput.optional(),
    reusedSignature: reusedSignatureInput.optional(),
    confidentialityPolicy: documentRef,
    disclosurePolicy: documentRef,
    noPhotography: documentRef,
    /** The code on the badge, from the codes the server set aside for this tablet (see kiosk.heartbeat). */
    visitCode: visitCode.optional(),
    /** When the visitor finished, by the tablet's clock corrected to the server's: it may send it much later. */
    signedAt: clientTime('sign-in time').optional(),
  })
  .refine((v) => (v.signature === undefined) !== (v.reusedSignature === undefined), {
    error: 'Please sign in the box',
    path: ['signature'],
  });
export type SignInInput = z.input<typeof signInInput>;

export const signOutInput = z.object({
  visitCode,
  /** The tablet's key for this sign-out, so one sent again after a lost answer is not refused. */
  idempotencyKey: z.uuid({ error: 'Missing sign-out key' }).optional(),
  /** When the visitor confirmed, for a sign-out the tablet kept through an outage. */
  signedOutAt: clientTime('sign-out time').optional(),
});

export const kioskDocumentsInput = z.object({ language: kioskLanguage });

/** The name is checked against the earlier signature's typed name: a reference is personal. */
export const checkSignatureReferenceInput = reusedSignatureInput.extend({ fullName: personText('full name', 120) });

export const visitDetailInput = z.object({ siteId, visitId: z.uuid() });

export const siteScopedInput = z.object({ siteId });

export const outboxMessageInput = z.object({ siteId, messageId: z.uuid() });
