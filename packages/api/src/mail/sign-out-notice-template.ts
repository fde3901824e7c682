import { type ClaimedOutboxMessage, type DbOrTx, getVisitorName } from '@threshold/db';
import { z } from 'zod';
import { CONFIDENTIALITY_NOTICE, mailName } from './common.ts';
import type { MailMessage } from './mailer.ts';

/** The outbox template of the escort's "your visitor was signed out at the kiosk" email. */
export const KIOSK_SIGN_OUT_TEMPLATE = 'kiosk_sign_out_notice';
export const KIOSK_SIGN_OUT_SUBJECT = 'Threshold: your visitor was signed out at the kiosk';

const payload = z.object({ at: z.string().regex(/^\d{2}:\d{2}$/) });

/**
 * To the escort, so a false sign-out (someone read the code off a badge) is caught while the visitor is still inside.
 * Like the other staff emails: no full name (first name and initial, in the body only), no site, no purpose.
 */
export async function renderKioskSignOutNotice(
  db: DbOrTx,
  row: Pick<ClaimedOutboxMessage, 'id' | 'visitId' | 'toAddress' | 'payload'>,
): Promise<MailMessage | null> {
  const parsed = payload.safeParse(row.payload);
  if (!row.visitId || !parsed.success) return null;
  const name = await getVisitorName(db, { visitId: row.visitId });
  if (!name) return null;
  const lines = [
    `Your visitor, ${mailName(name)}, was signed out at the kiosk at ${parsed.data.at}.`,
    'If they are still with you, tell reception now.',
  ];
  return {
    id: row.id,
    to: row.toAddress,
    subject: KIOSK_SIGN_OUT_SUBJECT,
    text: [...lines, '', CONFIDENTIALITY_NOTICE, ''].join('\n'),
    attachments: [],
  };
}
