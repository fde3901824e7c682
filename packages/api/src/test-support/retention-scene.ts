import { encryptValue } from '@threshold/db';
import type { EscortScene } from './escort-harness.ts';
import { signInVisitor } from './escort-harness.ts';
import type { Harness } from './harness.ts';

/**
 * A visit signed in at the kiosk (signature, acknowledgements) that also has every other kind of row tied to it:
 * an alert, an escort assignment, an email, a concern with its hold (released), a disclosure-register link and a
 * roll-call entry. `signedOutAt` is set directly, so tests can age it.
 */
export async function visitWithEverything(
  h: Harness,
  scene: EscortScene,
  opts: { fullName: string; signedOutAt: Date | null; now?: Date },
) {
  const { visitId } = await signInVisitor(h, scene, {
    fullName: opts.fullName,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const site = scene.site.id;
  const org = scene.organisation.id;
  const staffId = scene.coordinator.id;
  const sql = h.handle.sql;
  await sql`update visit set signed_out_at = ${opts.signedOutAt?.toISOString() ?? null}::timestamptz, state = ${opts.signedOutAt ? 'signed_out' : 'awaiting_escort'}
             where id = ${visitId}`;
  await sql`insert into alert (organisation_id, site_id, visit_id, kind, raised_at)
             values (${org}, ${site}, ${visitId}, 'escort_unconfirmed', now())`;
  await sql`insert into escort_assignment (visit_id, staff_id, assigned_at, ended_at, end_reason)
             values (${visitId}, ${staffId}, now(), now(), 'signed_out')`;
  await sql`insert into outbox_message (organisation_id, site_id, visit_id, template, to_address)
             values (${org}, ${site}, ${visitId}, 'host_arrival', ${encryptValue('host@example.org')})`;
  const [concern] = await sql<{ id: string }[]>`
    insert into safeguarding_concern (organisation_id, site_id, visit_id, category, note, raised_by_staff_id, raised_via,
                                      raised_at, closed_at, closed_by_staff_id, close_note)
    values (${org}, ${site}, ${visitId}, 'other', 'A concern note', ${staffId}, 'desk', now(), now(), ${staffId}, 'Done')
    returning id`;
  await sql`insert into safeguarding_hold (organisation_id, site_id, visit_id, reason, review_by, concern_id,
                                           placed_by_staff_id, placed_at, released_at, released_by_staff_id, release_reason)
             values (${org}, ${site}, ${visitId}, 'other', '2031-01-01', ${concern?.id ?? null}, ${staffId}, now(), now(),
                     ${staffId}, 'Reviewed')`;
  const [request] = await sql<{ id: string }[]>`
    insert into disclosure_request (organisation_id, site_id, requester_name, agency, received_on, requested, consent,
                                    decided_by_staff_id)
    values (${org}, ${site}, 'Dee Officer', 'County Council', '2026-01-01', 'Visit dates', 'given', ${staffId})
    returning id`;
  await sql`insert into disclosure_visit (disclosure_id, visit_id) values (${request?.id ?? null}, ${visitId})`;
  const [call] = await sql<{ id: string }[]>`
    insert into roll_call (organisation_id, site_id, started_by_staff_id, closed_by_staff_id, closed_at)
    values (${org}, ${site}, ${staffId}, ${staffId}, now()) returning id`;
  await sql`insert into roll_call_entry (roll_call_id, kind, visit_id) values (${call?.id ?? null}, 'visitor', ${visitId})`;
  return { visitId, disclosureId: request?.id ?? '', rollCallId: call?.id ?? '' };
}

/** How many rows of each kind still name the visit (roll-call entries and audit rows counted apart). */
export async function rowsOfVisit(h: Harness, visitId: string) {
  const [row] = await h.handle.sql<Record<string, number>[]>`
    select (select count(*)::int from visit where id = ${visitId}) as visit,
           (select count(*)::int from visit_signature where visit_id = ${visitId}) as signature,
           (select count(*)::int from visit_acknowledgement where visit_id = ${visitId}) as acknowledgements,
           (select count(*)::int from alert where visit_id = ${visitId}) as alerts,
           (select count(*)::int from escort_assignment where visit_id = ${visitId}) as assignments,
           (select count(*)::int from outbox_message where visit_id = ${visitId}) as outbox,
           (select count(*)::int from safeguarding_hold where visit_id = ${visitId}) as holds,
           (select count(*)::int from safeguarding_concern where visit_id = ${visitId}) as concerns,
           (select count(*)::int from disclosure_visit where visit_id = ${visitId}) as disclosure_links,
           (select count(*)::int from roll_call_entry where visit_id = ${visitId}) as roll_call_entries`;
  if (!row) throw new Error('count query returned nothing');
  return row;
}

export const NOTHING_LEFT = {
  visit: 0,
  signature: 0,
  acknowledgements: 0,
  alerts: 0,
  assignments: 0,
  outbox: 0,
  holds: 0,
  concerns: 0,
  disclosure_links: 0,
  roll_call_entries: 0,
};
