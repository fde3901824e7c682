import type { StaffRole } from './enums.ts';

/**
 * Which roles at a site see each section of the admin. The one definition: the server's procedures for a section
 * are `staffProcedure(...sectionRoles.x)` and the admin's nav and route guards read the same map, so a section can
 * never be shown to a role its server refuses (or hidden from one it serves).
 */
export const sectionRoles = {
  board: ['coordinator', 'reception'],
  rollCall: ['coordinator', 'reception'],
  mine: ['escort'],
  escorts: ['coordinator', 'reception'],
  log: ['coordinator'],
  review: ['coordinator'],
  reports: ['coordinator'],
  outbox: ['admin', 'coordinator'],
  staff: ['admin'],
  kiosks: ['admin'],
  documents: ['admin', 'coordinator'],
  settings: ['admin'],
  audit: ['admin', 'coordinator'],
  disclosures: ['coordinator'],
  account: ['admin', 'coordinator', 'reception', 'escort'],
  holds: ['coordinator'],
  concerns: ['coordinator'],
  /** The deny list, and the visitors held in screening waiting for a decision. */
  denyList: ['coordinator'],
  retention: ['admin', 'coordinator'],
  subjectAccess: ['coordinator'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Section = keyof typeof sectionRoles;

/** Things inside a section that only some of its roles may do; the server and the admin read these too. */
export const actionRoles = {
  /** Open a visit's details and timeline (the server writes a staff-view audit row). */
  openVisit: ['coordinator'],
  /** Past roll calls, with everyone's names, outlive the emergency: coordinators only. */
  rollCallHistory: ['coordinator'],
  resendEmail: ['admin'],
  editDocuments: ['admin'],
  recordTraining: ['coordinator', 'admin'],
  /** Place or release a safeguarding hold on a visit. */
  holdVisit: ['coordinator'],
  /** Raise a concern during a visit: the desk for any visit on site, an escort for their own. */
  raiseConcern: ['coordinator', 'reception', 'escort'],
  /** Sign a visitor out for them, or record when a visitor whose departure was unconfirmed left. */
  recordDeparture: ['coordinator', 'reception'],
  /** Set how long visits are kept (the organisation's period and a site's own). */
  setRetention: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Action = keyof typeof actionRoles;

/** Whether someone holding `roles` at a site may see `section` there. */
export function canSee(section: Section, roles: readonly string[]): boolean {
  return (sectionRoles[section] as readonly string[]).some((r) => roles.includes(r));
}

/** Whether someone holding `roles` at a site may do `action` there. */
export function canDo(action: Action, roles: readonly string[]): boolean {
  return (actionRoles[action] as readonly string[]).some((r) => roles.includes(r));
}
