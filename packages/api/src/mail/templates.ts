import { type ClaimedOutboxMessage, type DbOrTx, getSignedFormRecord } from '@threshold/db';
import { renderSignedFormPdf } from '../documents/signed-form-pdf.ts';
import type { MailMessage } from './mailer.ts';

export const SIGNED_FORM_EMAIL_SUBJECT = 'Your signed copy — Confidentiality for Visitors';
export const SIGNED_FORM_ATTACHMENT = 'signed-confidentiality-form.pdf';
export const CONFIDENTIALITY_NOTICE =
  'CONFIDENTIALITY NOTICE: This email and its attachment are confidential and intended only for the person named. ' +
  'If you received it by mistake, please tell us by replying and delete it. Do not copy, forward or share it.';

/** A template this code does not know: retrying cannot help, so the sender gives up at once. */
export class UnknownTemplateError extends Error {
  constructor(template: string) {
    super(`unknown outbox template ${JSON.stringify(template)}`);
  }
}

/**
 * How the email greets the visitor: first name and the initial of the last, so a glance at someone else's screen
 * or a notification preview gives away as little as possible ("Amara Nwosu" → "Amara N.").
 */
export function greetingName(fullName: string): string {
  const parts = fullName.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  const first = parts[0] ?? '';
  const last = parts.length > 1 ? parts.at(-1) : undefined;
  const initial = last ? String.fromCodePoint(last.codePointAt(0) ?? 0).toLocaleUpperCase() : '';
  return initial ? `${first} ${initial}.` : first;
}

function signedFormText(name: string): string {
  const hello = name ? `Hello ${name},` : 'Hello,';
  return [
    hello,
    '',
    'Thank you for signing the Confidentiality for Visitors form. The attached PDF is your signed copy of the form, ' +
      'together with the Policy on Confidentiality and the Policy on Disclosure of Information that you received.',
    '',
    'It contains your personal details, so please keep it somewhere private.',
    '',
    CONFIDENTIALITY_NOTICE,
    '',
  ].join('\n');
}

/**
 * The email for an outbox row, rendered now from the records it points to, or null when those records no longer
 * exist (the visit was destroyed under retention): the sender then gives up on the row instead of retrying.
 * Subject and body never name the site, the visitor's organisation, purpose or host.
 */
export async function renderOutboxMessage(
  db: DbOrTx,
  row: Pick<ClaimedOutboxMessage, 'id' | 'template' | 'visitId' | 'toAddress'>,
): Promise<MailMessage | null> {
  if (row.template !== 'signed_form_copy') throw new UnknownTemplateError(row.template);
  if (!row.visitId) return null;
  const record = await getSignedFormRecord(db, { visitId: row.visitId });
  if (!record) return null;
  const pdf = await renderSignedFormPdf(record);
  return {
    id: row.id,
    to: row.toAddress,
    subject: SIGNED_FORM_EMAIL_SUBJECT,
    text: signedFormText(greetingName(record.visitorName)),
    attachments: [{ filename: SIGNED_FORM_ATTACHMENT, content: pdf, contentType: 'application/pdf' }],
  };
}
