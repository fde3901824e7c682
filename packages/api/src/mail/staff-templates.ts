import { type ClaimedOutboxMessage, type DbOrTx, getVisitorName } from '@threshold/db';
import { alertKind } from '@threshold/validators';
import { CONFIDENTIALITY_NOTICE, greetingName } from './common.ts';
import type { MailMessage } from './mailer.ts';

const alertText = {
  unescorted: 'A visitor at your site has no confirmed escort.',
  escort_off_duty: 'An escort went off duty while responsible for a visitor, who is now unescorted.',
  escort_deactivated: 'A deactivated account was escorting a visitor, who is now unescorted.',
  overrun: 'A visit has lasted longer than expected.',
} as const;

/** Emails to staff. They carry the least possible: no site address, organisation, purpose or full names. */
export const staffTemplates = {
  escort_assigned: true,
  alert_raised: true,
} as const;

export async function renderStaffMessage(
  db: DbOrTx,
  row: Pick<ClaimedOutboxMessage, 'id' | 'template' | 'visitId' | 'toAddress' | 'payload'>,
): Promise<MailMessage | null> {
  if (!row.visitId) return null;
  if (row.template === 'escort_assigned') {
    const name = await getVisitorName(db, { visitId: row.visitId });
    if (!name) return null;
    return message(row, 'Threshold: a visitor needs you as their escort', [
      `You are the escort for ${greetingName(name)}.`,
      'Please go to them now, then confirm in Threshold that you are with them — on your phone (“I am with them”) ' +
        'or at the kiosk with your PIN.',
    ]);
  }
  const kind = alertKind.safeParse((row.payload as { kind?: unknown } | null)?.kind);
  if (!kind.success) return null;
  return message(row, 'Threshold alert: a visitor may be unescorted', [
    alertText[kind.data],
    'Open the live board in Threshold to see who, act, and acknowledge the alert with a note.',
  ]);
}

function message(row: { id: string; toAddress: string }, subject: string, lines: string[]): MailMessage {
  return {
    id: row.id,
    to: row.toAddress,
    subject,
    text: [...lines, '', CONFIDENTIALITY_NOTICE, ''].join('\n'),
    attachments: [],
  };
}
