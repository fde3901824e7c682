import { resendOutbox } from '@threshold/api';
import { type Db, getOutboxMessageSiteId, getSite, listSiteIds } from '@threshold/db';
import { type Flags, UsageError } from './commands.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const system = { type: 'system', id: null } as const;

function uuidFlag(flags: Flags, name: string, what: string): string | undefined {
  const value = flags[name];
  if (value !== undefined && !UUID.test(value)) throw new UsageError(`--${name} must be ${what}`);
  return value;
}

const emails = (n: number) => (n === 1 ? '1 email' : `${n} emails`);

/**
 * `outbox resend (--failed [--site ID] | --id MESSAGE_ID)`: puts email the server gave up on back in its queue,
 * attempts reset (a running server with SMTP_URL sends it within seconds). Recorded in the audit trail as the
 * system, via the CLI, one entry per site.
 */
export async function outboxResend(db: Db, flags: Flags): Promise<string> {
  const siteFlag = uuidFlag(flags, 'site', 'a site id');
  const id = uuidFlag(flags, 'id', 'a message id (as the server logs it)');
  if ((id === undefined) === (flags.failed === undefined)) throw new UsageError('give either --failed or --id');
  const after = 'A running server with SMTP_URL sends them again within a few seconds.';
  if (id !== undefined) {
    const siteId = siteFlag ?? (await getOutboxMessageSiteId(db, { id }));
    const site = siteId ? await getSite(db, { siteId }) : null;
    if (!site) throw new UsageError(`there is no message ${id}${siteFlag ? ` at site ${siteFlag}` : ''}`);
    await resendOutbox(db, {
      organisationId: site.organisationId,
      siteId: site.id,
      messageId: id,
      actor: system,
      via: 'cli',
    });
    return `${site.name}: message ${id} is back in the queue. ${after}`;
  }
  const siteIds = siteFlag ? [siteFlag] : await listSiteIds(db, {});
  const lines: string[] = [];
  for (const siteId of siteIds) {
    const site = await getSite(db, { siteId });
    if (!site) throw new UsageError(`there is no site ${siteId}`);
    const { resent } = await resendOutbox(db, {
      organisationId: site.organisationId,
      siteId,
      actor: system,
      via: 'cli',
    });
    lines.push(`${site.name}: ${resent === 0 ? 'no failed email' : `${emails(resent)} back in the queue`}.`);
  }
  return [...lines, after].join('\n');
}
