import { getActiveStaffWithRoles, getSite, insertOutboxMessage, notifyLiveEvent, type Tx } from '@threshold/db';
import type { AfterCommitHandlers, SignOutNotice } from '../jobs/after-commit.ts';
import { KIOSK_SIGN_OUT_TEMPLATE } from '../mail/sign-out-notice-template.ts';

/** The time of day at the site, as the escort's watch shows it ("14:05"). */
export function siteClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    at,
  );
}

/**
 * Tells the escort that their visitor was signed out at the kiosk: a live event to their phone view and an email.
 * Runs in the after-commit drain's transaction, so the email row and the NOTIFY commit with the row's removal.
 */
export async function noticeKioskSignOut(tx: Tx, task: SignOutNotice): Promise<void> {
  await notifyLiveEvent(tx, {
    type: 'visit',
    organisationId: task.organisationId,
    siteId: task.siteId,
    visitId: task.visitId,
    staffId: task.staffId,
  });
  const escort = await getActiveStaffWithRoles(tx, { staffId: task.staffId });
  const site = await getSite(tx, { siteId: task.siteId });
  if (!escort || !site) return;
  await insertOutboxMessage(tx, {
    organisationId: task.organisationId,
    siteId: task.siteId,
    visitId: task.visitId,
    template: KIOSK_SIGN_OUT_TEMPLATE,
    toAddress: escort.email,
    payload: { at: siteClock(new Date(task.signedOutAt), site.timezone) },
  });
}

export const signOutNoticeHandler: Required<Pick<AfterCommitHandlers, 'sign_out_notice'>> = {
  sign_out_notice: (task, tx) => noticeKioskSignOut(tx, task),
};
