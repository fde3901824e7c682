import { type DbOrTx, getSiteSettings } from '@threshold/db';
import { afterCommit } from '../../jobs/after-commit.ts';

/**
 * Starts the site's confirmation window again for a visit: if no escort has confirmed when it ends, the no-escort
 * alert fires again (a new alert; the alert table allows one open per kind and visit). Used after an unescorted alert
 * is acknowledged and when desk staff choose an escort.
 */
export async function rearmEscortCheck(tx: DbOrTx, params: { visitId: string; siteId: string; now: Date }) {
  const settings = await getSiteSettings(tx, { siteId: params.siteId });
  if (!settings) return;
  const at = params.now.getTime() + settings.site.escortConfirmSeconds * 1000;
  await afterCommit(tx, [{ kind: 'escort_recheck', payload: { visitId: params.visitId, at } }]);
}
