import { type ClaimedOutboxMessage, type DbOrTx, getSignedFormRecord } from '@threshold/db';
import { renderSignedFormPdf } from '../documents/signed-form-pdf.ts';
import { CONFIDENTIALITY_NOTICE_WITH_ATTACHMENT, mailName } from './common.ts';
import type { MailMessage } from './mailer.ts';
import { KIOSK_SIGN_OUT_TEMPLATE, renderKioskSignOutNotice } from './sign-out-notice-template.ts';
import { renderStaffMessage, staffTemplates } from './staff-templates.ts';

export const SIGNED_FORM_EMAIL_SUBJECT = 'Your signed copy — Confidentiality for Visitors';
export const SIGNED_FORM_ATTACHMENT = 'signed-confidentiality-form.pdf';

/** A template this code does not know: retrying cannot help, so the sender gives up at once. */
export class UnknownTemplateError extends Error {
  constructor(template: string) {
    super(`unknown outbox template ${JSON.stringify(template)}`);
  }
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
    CONFIDENTIALITY_NOTICE_WITH_ATTACHMENT,
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
  row: Pick<ClaimedOutboxMessage, 'id' | 'template' | 'visitId' | 'toAddress' | 'payload'>,
): Promise<MailMessage | null> {
  if (row.template in staffTemplates) return renderStaffMessage(db, row);
  if (row.template === KIOSK_SIGN_OUT_TEMPLATE) return renderKioskSignOutNotice(db, row);
  if (row.template !== 'signed_form_copy') throw new UnknownTemplateError(row.template);
  if (!row.visitId) return null;
  const record = await getSignedFormRecord(db, { visitId: row.visitId });
  if (!record) return null;
  const pdf = await renderSignedFormPdf(record);
  return {
    id: row.id,
    to: row.toAddress,
    subject: SIGNED_FORM_EMAIL_SUBJECT,
    text: signedFormText(mailName(record.visitorName)),
    attachments: [{ filename: SIGNED_FORM_ATTACHMENT, content: pdf, contentType: 'application/pdf' }],
  };
}
