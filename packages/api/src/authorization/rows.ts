import { visitorInput } from '../test-support/harness.ts';
import type { Fixtures } from './fixtures.ts';
import { anyRoleHere, deskRoles, everyone, type InputAt, type Path, staff, type Who } from './identities.ts';

interface Entry<P extends Path> {
  allowed: readonly Who[];
  input: (f: Fixtures, who: Who) => InputAt<P>;
}

const here = (f: Fixtures) => ({ siteId: f.site });
const visitHere = (v: keyof Fixtures['visit']) => (f: Fixtures) => ({ siteId: f.site, visitId: f.visit[v].visitId });

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
  'alerts.acknowledge': { allowed: deskRoles, input: (f) => ({ ...here(f), alertId: f.alertId, note: 'Found them' }) },
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
  'escorts.setDuty': { allowed: ['escort'], input: (f) => ({ ...here(f), onDuty: true }) },
  'live.site': { allowed: anyRoleHere, input: here },
  'audit.verify': { allowed: ['coordinator', 'admin'], input: here },
  // Admins see that mail flows (addresses masked); opening a message shows the visitor's signed form.
  'outbox.list': { allowed: ['coordinator', 'admin'], input: here },
  // A message holds the visitor's signed form: visit details, which admins see only where they are also coordinator.
  'outbox.message': { allowed: ['coordinator'], input: (f) => ({ ...here(f), messageId: f.messageId }) },
  'staff.me': { allowed: staff, input: () => undefined },
  'staff.myStatus': { allowed: anyRoleHere, input: here },
  'staff.acknowledgePolicy': { allowed: anyRoleHere, input: (f) => ({ ...here(f), documentId: f.policyId }) },
  'staff.setPin': { allowed: staff, input: () => ({ pin: '864209' }) },
  'staff.deactivate': { allowed: ['admin'], input: (f) => ({ ...here(f), staffId: f.ids.throwaway }) },
};
