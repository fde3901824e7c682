import { countFailedOutbox, type Db, getOutboxMessage, listOutbox } from '@threshold/db';
import { renderOutboxMessage } from '../mail/templates.ts';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

export type MailMode = 'smtp' | 'outbox';

interface Viewer {
  staffId: string;
  organisationId: string;
  siteId: string;
}

/** "amara@example.org" → "a•••@example.org": enough for an admin to see mail is flowing, not who visited. */
function maskAddress(address: string | null): string | null {
  if (!address) return address;
  const at = address.indexOf('@');
  return at > 0 ? `${address.charAt(0)}•••${address.slice(at)}` : '•••';
}

/**
 * A site's outgoing mail, newest first. Addresses are personal data: each look is audited, and only coordinators
 * (who may see visit details) see them whole.
 */
export async function viewOutbox(db: Db, viewer: Viewer & { seesVisitDetails: boolean }, mode: MailMode) {
  return db.transaction(async (tx) => {
    const messages = await listOutbox(tx, { siteId: viewer.siteId, limit: 200 });
    await writeAudit(
      tx,
      { type: 'staff', id: viewer.staffId },
      { organisationId: viewer.organisationId, siteId: viewer.siteId },
      { type: 'outbox.viewed', data: { what: 'list', count: messages.length } },
    );
    return {
      mode,
      messages: viewer.seesVisitDetails
        ? messages
        : messages.map((m) => ({ ...m, toAddress: maskAddress(m.toAddress) })),
    };
  });
}

/** One message as it is (or would be) sent, with its PDF attachment as base64. Audited. */
export async function viewOutboxMessage(db: Db, viewer: Viewer, messageId: string) {
  return db.transaction(async (tx) => {
    const row = await getOutboxMessage(tx, { id: messageId, siteId: viewer.siteId });
    if (!row) throw new DomainError('NOT_FOUND', 'There is no such message at this site.');
    const rendered = row.toAddress ? await renderOutboxMessage(tx, { ...row, toAddress: row.toAddress }) : null;
    await writeAudit(
      tx,
      { type: 'staff', id: viewer.staffId },
      { organisationId: viewer.organisationId, siteId: viewer.siteId, visitId: row.visitId },
      { type: 'outbox.viewed', data: { what: 'message', messageId: row.id } },
    );
    return {
      ...row,
      // A sent message's address and content are no longer kept; a destroyed visit cannot be rendered.
      rendered: rendered && {
        to: rendered.to,
        subject: rendered.subject,
        text: rendered.text,
        attachments: rendered.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          base64: Buffer.from(a.content).toString('base64'),
        })),
      },
    };
  });
}

/** How many of the site's emails could not be sent: a count for the banner, so not audited (no one is named). */
export async function outboxSummary(db: Db, params: { siteId: string }) {
  return { failed: await countFailedOutbox(db, params) };
}
