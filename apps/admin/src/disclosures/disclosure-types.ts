import type { RouterOutputs } from '@threshold/api';
import type { ConsentState } from '@threshold/validators';

export type DisclosureRow = RouterOutputs['disclosures']['list'][number];
export type DisclosureRecord = RouterOutputs['disclosures']['get'];

/** A visit the request is linked to, as the form shows it. */
export interface LinkedVisit {
  id: string;
  visitorName: string;
  signedInAt: Date;
}

/** What the form edits: every field as typed, dates as YYYY-MM-DD ('' for none). */
export interface DisclosureDraft {
  requesterName: string;
  requesterRole: string;
  agency: string;
  receivedOn: string;
  requested: string;
  consent: ConsentState | null;
  reasonWithoutConsent: string;
  toldOn: string;
  notToldReason: string;
  released: string;
  releasedOn: string;
  decidedByStaffId: string;
  visits: LinkedVisit[];
}

export function emptyDraft(today: string): DisclosureDraft {
  return {
    requesterName: '',
    requesterRole: '',
    agency: '',
    receivedOn: today,
    requested: '',
    consent: null,
    reasonWithoutConsent: '',
    toldOn: '',
    notToldReason: '',
    released: '',
    releasedOn: '',
    decidedByStaffId: '',
    visits: [],
  };
}

export function draftOf(record: DisclosureRecord): DisclosureDraft {
  return {
    requesterName: record.requesterName,
    requesterRole: record.requesterRole,
    agency: record.agency,
    receivedOn: record.receivedOn,
    requested: record.requested,
    consent: record.consent,
    reasonWithoutConsent: record.reasonWithoutConsent,
    toldOn: record.toldOn ?? '',
    notToldReason: record.notToldReason,
    released: record.released,
    releasedOn: record.releasedOn ?? '',
    decidedByStaffId: record.decidedByStaffId,
    visits: record.visits.map((v) => ({ id: v.id, visitorName: v.visitorName, signedInAt: v.signedInAt })),
  };
}

/** The draft as the server's input; an unchosen consent is sent as given so the server names the field. */
export function inputOf(draft: DisclosureDraft) {
  const { visits, consent, toldOn, releasedOn, ...rest } = draft;
  return {
    ...rest,
    consent: consent ?? ('' as ConsentState),
    toldOn: toldOn === '' ? null : toldOn,
    releasedOn: releasedOn === '' ? null : releasedOn,
    visitIds: visits.map((v) => v.id),
  };
}
