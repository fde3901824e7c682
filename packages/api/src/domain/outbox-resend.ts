import { type Db, getOutboxMessage, requeueFailedOutbox } from '@threshold/db';
import { type Actor, writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

interface Resend {
  organisationId: string;
  siteId: string;
  actor: Actor;
  via: 'admin' | 'cli';
}

/**
 * Sends failed messages of one site again — the one named, or all of them — by putting them back in the queue as if
 * new (pending, no attempts, due now), and records who did it. Only messages the sender gave up on: a pending one is
 * still being tried, and a sent one must not go twice. None failed at the site is no error (and nothing is recorded).
 */
export async function resendOutbox(db: Db, params: Resend & { messageId?: string }): Promise<{ resent: number }> {
  return db.transaction(async (tx) => {
    if (params.messageId !== undefined) {
      const message = await getOutboxMessage(tx, { id: params.messageId, siteId: params.siteId });
      if (!message) throw new DomainError('NOT_FOUND', 'There is no such message at this site.');
      if (message.status !== 'failed') {
        throw new DomainError(
          'CONFLICT',
          message.status === 'sent' ? 'This message was sent already.' : 'This message is still waiting to be sent.',
        );
      }
    }
    const ids = await requeueFailedOutbox(tx, {
      siteId: params.siteId,
      ...(params.messageId === undefined ? {} : { ids: [params.messageId] }),
    });
    if (ids.length > 0) {
      await writeAudit(
        tx,
        params.actor,
        { organisationId: params.organisationId, siteId: params.siteId },
        { type: 'outbox.resent', data: { messageIds: ids, via: params.via } },
      );
    }
    return { resent: ids.length };
  });
}
