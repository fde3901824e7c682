import { exportReasonLabels, timelineEventLabel, type VisitTimelineEvent } from '@threshold/validators';
import { alertLabel } from '../labels.ts';

/** Seconds as people say them: "45 s", "12 min", "1 h 5 min". */
export function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  if (minutes < 1) return `${total} s`;
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const who = (name: string | null) => name ?? 'a member of staff who has since been removed';

const confirmedVia: Record<'phone' | 'kiosk_pin', string> = {
  phone: 'on their phone',
  kiosk_pin: 'with their PIN at the kiosk',
};
const lostBecause: Record<'off_duty' | 'deactivated', string> = {
  off_duty: 'went off duty',
  deactivated: 'account deactivated',
};
const opened: Record<'detail' | 'signed_form' | 'timeline', string> = {
  detail: 'opened the visit record',
  signed_form: 'downloaded the signed form (PDF)',
  timeline: 'opened this timeline',
};

/** One audit event of a visit as a sentence: what happened and who did it. */
export function describeEvent(e: VisitTimelineEvent): string {
  const actor = e.actorType === 'system' ? 'Threshold' : who(e.actorName);
  switch (e.type) {
    case 'visit.signed_in':
      return `Signed in at the kiosk “${who(e.actorName)}”`;
    case 'visit.host_matched':
      return `The host the visitor named is ${who(e.staffName)}`;
    case 'visit.signed_out':
      return e.data.via === 'kiosk' ? `Signed out at the kiosk “${who(e.actorName)}”` : `Signed out by ${actor}`;
    case 'escort.assigned':
      return e.data.how === 'host_match'
        ? `${who(e.staffName)} assigned as escort: named as host at sign-in`
        : `${who(e.staffName)} assigned as escort by ${actor}`;
    case 'escort.confirmed':
      return `${who(e.staffName)} confirmed being with the visitor ${confirmedVia[e.data.via]}`;
    case 'escort.handover_offered':
      return `${who(e.fromStaffName)} offered to hand over to ${who(e.toStaffName)}`;
    case 'escort.handover_accepted':
      return `${who(e.toStaffName)} took over from ${who(e.fromStaffName)}`;
    case 'escort.handover_cancelled':
      return `Handover from ${who(e.fromStaffName)} to ${who(e.toStaffName)} cancelled by ${actor}`;
    case 'escort.lost':
      return `${who(e.staffName)} stopped escorting: ${lostBecause[e.data.reason]}`;
    case 'alert.raised':
      return `Alert raised: ${alertLabel(e.data.kind).title}`;
    case 'alert.acknowledged':
      return `Alert acknowledged by ${actor}${e.alertNote ? `: “${e.alertNote}”` : ''}`;
    case 'visit.viewed':
      return `${actor} ${opened[e.data.what]}`;
    case 'visits.exported': {
      const by = e.data.via === 'cli' ? 'made at the server’s command line' : `by ${actor}`;
      return `Included in an export ${by}${e.data.reason ? ` (${exportReasonLabels[e.data.reason]})` : ''}`;
    }
    default:
      return `${timelineEventLabel(e)} (${actor})`;
  }
}

/** A site-local calendar day for people ("3 Mar 2031"); it is already the site's day, so it is shown as is (UTC). */
export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
