import { type DbOrTx, hasPendingOutbox, insertSiteOutboxMessage, listSiteStaffEmails } from '@threshold/db';
import { outboxTemplate } from '@threshold/validators';
import { writeAudit } from './audit.ts';

/** The notice to admins that an email could not be sent (see mail/staff-templates.ts). */
export const MAIL_FAILED_TEMPLATE = 'mail_failed';

interface GivenUp {
  id: string;
  organisationId: string;
  siteId: string | null;
  template: string;
  /** Attempts made, including the last. */
  attempts: number;
}

/**
 * The sender gave up on a message: records that, and queues a notice to each active admin of its site (naming no
 * visitor and no address), in the sender's transaction, so the failure and its alert commit together. A notice that
 * itself fails raises no further notice, or mail being down would feed itself. While a notice is still waiting to go
 * out, another failure queues none: admins are told once per outage, and the Outbox counts every failed message.
 */
export async function recordOutboxGaveUp(tx: DbOrTx, message: GivenUp, reason: string): Promise<void> {
  const { siteId } = message;
  let adminsAlerted = 0;
  const alert =
    siteId !== null &&
    message.template !== MAIL_FAILED_TEMPLATE &&
    !(await hasPendingOutbox(tx, { siteId, template: MAIL_FAILED_TEMPLATE }));
  if (alert) {
    const admins = await listSiteStaffEmails(tx, { siteId, roles: ['admin'] });
    for (const toAddress of admins) {
      await insertSiteOutboxMessage(tx, {
        organisationId: message.organisationId,
        siteId,
        template: MAIL_FAILED_TEMPLATE,
        toAddress,
        payload: { attempts: message.attempts },
      });
    }
    adminsAlerted = admins.length;
  }
  const template = outboxTemplate.safeParse(message.template);
  await writeAudit(
    tx,
    { type: 'system', id: null },
    { organisationId: message.organisationId, siteId },
    {
      type: 'outbox.gave_up',
      data: {
        messageId: message.id,
        template: template.success ? template.data : 'unknown',
        attempts: message.attempts,
        reason,
        adminsAlerted,
      },
    },
  );
}
