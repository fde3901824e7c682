import { visitorInput } from '../test-support/harness.ts';
import { quietPeriod } from './desk-fixtures.ts';
import type { Fixtures } from './fixtures.ts';
import { anyRoleHere, deskRoles, everyone, type InputAt, type Path, staff, type Who } from './identities.ts';

interface Entry<P extends Path> {
  allowed: readonly Who[];
  input: (f: Fixtures, who: Who) => InputAt<P>;
}

const here = (f: Fixtures) => ({ siteId: f.site });
const visitHere = (v: keyof Fixtures['visit']) => (f: Fixtures) => ({ siteId: f.site, visitId: f.visit[v].visitId });
// A request id no site has: a coordinator's call gets past every check and finds nothing (NOT_FOUND).
const NO_SUCH_DISCLOSURE = '00000000-0000-4000-8000-00000000d15c';
const disclosureAbout = (f: Fixtures) => ({
  requesterName: 'Dee Officer',
  requesterRole: 'Social worker',
  agency: 'County council',
  receivedOn: '2026-01-05',
  requested: 'Dates of visits',
  consent: 'not_sought' as const,
  reasonWithoutConsent: 'Child protection enquiry',
  toldOn: null,
  notToldReason: 'Telling them would put the child at risk',
  released: '',
  releasedOn: null,
  decidedByStaffId: f.ids.escort,
  visitIds: [f.visit.board.visitId],
});

/**
 * Who may call what (everyone else is refused). Listed in the order the calls run: a success that changes state
 * (confirm, then offer, then cancel a handover) comes before what depends on it. A new procedure needs a row here.
 */
export const matrix: { [P in Path]: Entry<P> } = {
  'kiosk.pair': {
    allowed: everyone,
    input: (f, who) => ({ code: f.pairingCodes[who], deviceName: `Kiosk of ${who}` }),
  },
  'kiosk.status': { allowed: ['kiosk'], input: () => undefined },
  'kiosk.documents': { allowed: ['kiosk'], input: () => ({ language: 'en' }) },
  'kiosk.checkSignatureReference': {
    allowed: ['kiosk'],
    input: (f) => ({ ...f.scene.documents.form, reference: 'ACDEFGHJ', fullName: 'Grace Hopper' }),
  },
  'kiosk.confirmEscortWithPin': {
    allowed: ['kiosk'],
    input: (f) => ({ visitCode: f.visit.pin.visitCode, pin: f.pin }),
  },
  'kiosk.heartbeat': { allowed: ['kiosk'], input: () => ({ queued: 0, queuedSince: null, usedThroughSeq: 0 }) },
  // Only the escort's short name, only for a visit this kiosk signed in minutes ago (see badge-escort.ts).
  'kiosk.badgeEscort': { allowed: ['kiosk'], input: (f) => ({ visitCode: f.visit.pin.visitCode }) },
  // The desk sees which tablets are offline or hold unsent records: names of devices and counts, never people.
  'kiosk.health': { allowed: ['coordinator', 'reception', 'admin'], input: here },
  'kiosk.createPairingCode': { allowed: ['admin'], input: here },
  'kiosk.devices': { allowed: ['admin'], input: here },
  'kiosk.renameDevice': {
    allowed: ['admin'],
    input: (f) => ({ ...here(f), deviceId: f.devices.revoked, name: 'Old tablet' }),
  },
  'kiosk.revokeDevice': { allowed: ['admin'], input: (f) => ({ ...here(f), deviceId: f.devices.spare }) },
  'visits.signIn': { allowed: ['kiosk'], input: (f) => visitorInput(f.scene, { fullName: 'Matrix Visitor' }) },
  'visits.signOut': { allowed: ['kiosk'], input: (f) => ({ visitCode: f.visit.kioskOut.visitCode }) },
  'visits.onSite': { allowed: deskRoles, input: here },
  'visits.downloadSignedForm': { allowed: ['coordinator'], input: visitHere('board') },
  'visits.detail': { allowed: ['coordinator'], input: visitHere('board') },
  'alerts.open': { allowed: deskRoles, input: here },
  'departures.signOutOnBehalf': {
    allowed: deskRoles,
    input: (f) => ({ ...visitHere('board')(f), reason: 'Seen leaving' }),
  },
  'departures.record': {
    allowed: deskRoles,
    input: (f) => ({ ...visitHere('board')(f), departedAt: new Date(), note: 'Seen leaving' }),
  },
  'alerts.acknowledge': { allowed: deskRoles, input: (f) => ({ ...here(f), alertId: f.alertId, note: 'Found them' }) },
  'alerts.acknowledgeMany': {
    allowed: deskRoles,
    input: (f) => ({ ...here(f), alertIds: [f.alertId], note: 'Found them all' }),
  },
  'escorts.list': { allowed: deskRoles, input: here },
  'escorts.assign': { allowed: deskRoles, input: (f) => ({ ...visitHere('board')(f), staffId: f.ids.escort }) },
  'escorts.recordTraining': {
    allowed: ['coordinator', 'admin'],
    input: (f) => ({ ...here(f), staffId: f.ids.escort, completedOn: new Date().toISOString().slice(0, 10) }),
  },
  'escorts.colleagues': { allowed: ['escort'], input: here },
  'escorts.mine': { allowed: ['escort'], input: here },
  'escorts.confirm': { allowed: ['escort'], input: visitHere('confirm') },
  'escorts.offerHandover': {
    allowed: ['escort'],
    input: (f) => ({ ...visitHere('confirm')(f), toStaffId: f.ids.colleague }),
  },
  'escorts.cancelHandover': { allowed: ['escort'], input: visitHere('confirm') },
  'escorts.acceptHandover': { allowed: ['escort'], input: visitHere('accept') },
  'escorts.signOut': { allowed: ['escort'], input: visitHere('escortOut') },
  'staff.setDuty': { allowed: anyRoleHere, input: (f) => ({ ...here(f), onDuty: true }) },
  'live.site': { allowed: anyRoleHere, input: here },
  'audit.verify': { allowed: ['coordinator', 'admin'], input: here },
  'audit.browse': { allowed: ['coordinator', 'admin'], input: (f) => ({ ...here(f), filters: {} }) },
  // Admins see that mail flows (addresses masked); opening a message shows the visitor's signed form.
  'outbox.list': { allowed: ['coordinator', 'admin'], input: here },
  // A message holds the visitor's signed form: visit details, which admins see only where they are also coordinator.
  'outbox.message': { allowed: ['coordinator'], input: (f) => ({ ...here(f), messageId: f.messageId }) },
  // A count for the banner: those who can open the Outbox.
  'outbox.summary': { allowed: ['coordinator', 'admin'], input: here },
  // Resending is looking after the mail: admins. The fixture's message is pending, so an admin gets CONFLICT.
  'outbox.resend': { allowed: ['admin'], input: (f) => ({ ...here(f), messageId: f.messageId }) },
  'outbox.resendAllFailed': { allowed: ['admin'], input: here },
  'staff.me': { allowed: staff, input: () => undefined },
  'staff.myStatus': { allowed: anyRoleHere, input: here },
  'staff.acknowledgePolicy': { allowed: anyRoleHere, input: (f) => ({ ...here(f), documentId: f.policyId }) },
  'staff.setPin': { allowed: staff, input: () => ({ pin: '864209' }) },
  'staff.deactivate': { allowed: ['admin'], input: (f) => ({ ...here(f), staffId: f.ids.throwaway }) },
  'accounts.list': { allowed: ['admin'], input: here },
  'accounts.create': {
    allowed: ['admin'],
    input: (f, who) => ({
      ...here(f),
      name: 'Matrix Newcomer',
      email: `matrix-new-${who}@test.threshold.local`,
      roles: ['escort'],
    }),
  },
  'accounts.setRoles': {
    allowed: ['admin'],
    input: (f) => ({ ...here(f), staffId: f.ids.throwaway, roles: ['escort'] }),
  },
  // After staff.deactivate above, so there is someone to reactivate.
  'accounts.reactivate': { allowed: ['admin'], input: (f) => ({ ...here(f), staffId: f.ids.throwaway }) },
  'accounts.resetTwoFactor': {
    allowed: ['admin'],
    input: (f) => ({ ...here(f), staffId: f.desk.enrolledStaffId }),
  },
  // `true` would lock every identity without two-factor out of the rows that follow.
  'accounts.setRequireTwoFactor': { allowed: ['admin'], input: (f) => ({ ...here(f), required: false }) },
  'rollCall.start': { allowed: deskRoles, input: here },
  'rollCall.current': { allowed: deskRoles, input: here },
  'rollCall.mark': {
    allowed: deskRoles,
    input: (f) => ({ ...here(f), entryId: f.desk.rollCall.entryId, accounted: true }),
  },
  'rollCall.addArrivals': { allowed: deskRoles, input: (f) => ({ ...here(f), rollCallId: f.desk.rollCall.id }) },
  'rollCall.history': { allowed: ['coordinator'], input: here },
  'rollCall.get': { allowed: ['coordinator'], input: (f) => ({ ...here(f), rollCallId: f.desk.rollCall.id }) },
  'rollCall.close': { allowed: deskRoles, input: (f) => ({ ...here(f), rollCallId: f.desk.rollCall.id }) },
  'visitLog.search': { allowed: ['coordinator'], input: (f) => ({ ...here(f), name: 'Grace', exception: 'any' }) },
  'visitLog.timeline': { allowed: ['coordinator'], input: visitHere('board') },
  'logReviews.exceptionReport': { allowed: ['coordinator'], input: (f) => ({ ...here(f), ...quietPeriod }) },
  'logReviews.signOff': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), ...quietPeriod, digest: f.desk.logReviewDigest, note: '' }),
  },
  'logReviews.list': { allowed: ['coordinator'], input: here },
  // The disclosure register says who visited and who asked about them: coordinators only.
  'disclosures.list': { allowed: ['coordinator'], input: here },
  'disclosures.deciders': { allowed: ['coordinator'], input: here },
  'disclosures.create': { allowed: ['coordinator'], input: (f) => ({ ...here(f), ...disclosureAbout(f) }) },
  'disclosures.get': { allowed: ['coordinator'], input: (f) => ({ ...here(f), id: NO_SUCH_DISCLOSURE }) },
  'disclosures.update': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), ...disclosureAbout(f), id: NO_SUCH_DISCLOSURE }),
  },
  'disclosures.exportCsv': { allowed: ['coordinator'], input: (f) => ({ ...here(f), reason: 'inspection' }) },
  'reports.visits': { allowed: ['coordinator'], input: (f) => ({ ...here(f), ...quietPeriod }) },
  'reports.exportStart': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), ...quietPeriod, reason: 'inspection' }),
  },
  'reports.exportPage': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), exportId: f.desk.exportId, after: null }),
  },
  'documents.list': { allowed: ['admin', 'coordinator'], input: here },
  'documents.overdue': { allowed: ['admin', 'coordinator'], input: here },
  'documents.versions': {
    allowed: ['admin', 'coordinator'],
    input: (f) => ({ ...here(f), kind: 'staff_policy', language: 'en' }),
  },
  'documents.saveDraft': {
    allowed: ['admin'],
    input: (f) => ({
      ...here(f),
      kind: 'visitor_confidentiality_form',
      language: 'fr',
      title: 'Matrix',
      body: 'Matrix draft',
      reviewBy: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
    }),
  },
  'documents.publish': { allowed: ['admin'], input: (f) => ({ ...here(f), ...f.desk.drafts.publish }) },
  'documents.discardDraft': { allowed: ['admin'], input: (f) => ({ ...here(f), documentId: f.desk.drafts.discard }) },
  'sites.get': { allowed: ['admin'], input: here },
  'retention.overview': { allowed: ['admin', 'coordinator'], input: here },
  // The default periods again: a success that changes nothing.
  'retention.setPeriod': {
    allowed: ['admin'],
    input: (f) => ({ ...here(f), organisationMonths: 36, siteMonths: null }),
  },
  'retention.setSchedule': {
    allowed: ['admin'],
    input: (f) => ({ ...here(f), purgeTime: '02:00', concernReviewDays: 14 }),
  },
  'displays.list': { allowed: ['admin'], input: here },
  'displays.add': {
    allowed: ['admin'],
    input: (f) => ({ ...here(f), name: 'Matrix screen', namesFrom: '07:00', namesUntil: '20:00' }),
  },
  'displays.update': {
    allowed: ['admin'],
    input: (f) => ({
      ...here(f),
      displayId: f.displays.id,
      name: 'Hall screen',
      namesFrom: '08:00',
      namesUntil: '18:00',
    }),
  },
  'displays.createPairingCode': { allowed: ['admin'], input: (f) => ({ ...here(f), displayId: f.displays.spareId }) },
  'displays.revoke': { allowed: ['admin'], input: (f) => ({ ...here(f), displayId: f.displays.spareId }) },
  'displays.pair': { allowed: everyone, input: (f, who) => ({ code: f.displays.pairingCodes[who] }) },
  // A display's token reads its site's board (short names only) and nothing else; no staff session reads it.
  'displays.board': { allowed: ['display'], input: () => ({ names: true }) },
  'sites.update': {
    allowed: ['admin'],
    input: (f) => ({ ...here(f), ...f.desk.settings.site, ...f.desk.settings.organisation }),
  },
  // Safeguarding: holds and the concerns list are for coordinators; a concern may be raised by the desk, or by the
  // visit's own escort (Ana escorts `pin`).
  // Deny list: coordinators only; ids name no entry or visit, so nothing is changed or disclosed.
  'denyList.entries': { allowed: ['coordinator'], input: (f) => ({ ...here(f), due: false }) },
  'denyList.add': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), fullName: 'Matrix Person', reason: 'Matrix reason', reviewBy: '2031-01-01' }),
  },
  'denyList.edit': {
    allowed: ['coordinator'],
    input: (f) => ({
      ...here(f),
      entryId: '00000000-0000-4000-8000-000000000000',
      fullName: 'Matrix Person',
      reason: 'Matrix reason',
      reviewBy: '2031-01-01',
      change: 'Matrix change',
    }),
  },
  'denyList.remove': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), entryId: '00000000-0000-4000-8000-000000000000', reason: 'Matrix removal' }),
  },
  'denyList.waiting': { allowed: ['coordinator'], input: here },
  'denyList.decide': {
    allowed: ['coordinator'],
    input: (f) => ({
      ...here(f),
      visitId: '00000000-0000-4000-8000-000000000000',
      decision: 'admitted',
      reason: 'Matrix decision',
    }),
  },
  'safeguarding.hold': {
    allowed: ['coordinator'],
    input: (f) => ({ ...visitHere('board')(f), reason: 'legal_request', note: '', reviewBy: '2031-01-01' }),
  },
  'safeguarding.visitHold': { allowed: ['coordinator'], input: visitHere('board') },
  'safeguarding.holds': { allowed: ['coordinator'], input: here },
  'safeguarding.release': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), holdId: '00000000-0000-4000-8000-000000000000', reason: 'Matrix release' }),
  },
  'safeguarding.raiseConcern': {
    allowed: ['escort', 'reception', 'coordinator'],
    input: (f) => ({ ...visitHere('pin')(f), category: 'visitor_behaviour', note: 'Matrix concern' }),
  },
  'safeguarding.concerns': { allowed: ['coordinator'], input: (f) => ({ ...here(f), status: 'all' }) },
  'safeguarding.closeConcern': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), concernId: '00000000-0000-4000-8000-000000000000', note: 'Matrix close' }),
  },
  // Subject access: coordinators only; the export names a visit no site has, so nothing is disclosed.
  'subjectAccess.find': { allowed: ['coordinator'], input: (f) => ({ ...here(f), name: 'Grace' }) },
  'subjectAccess.export': {
    allowed: ['coordinator'],
    input: (f) => ({
      ...here(f),
      visitIds: ['00000000-0000-4000-8000-000000000000'],
      format: 'json',
      reason: 'subject_access_request',
    }),
  },
  'subjectAccess.erase': {
    allowed: ['coordinator'],
    input: (f) => ({ ...here(f), visitIds: ['00000000-0000-4000-8000-000000000000'], reason: 'erasure_request' }),
  },
};
