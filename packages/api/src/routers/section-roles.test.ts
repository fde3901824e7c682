import { createTestOrganisation } from '@threshold/db/testing';
import { type Section, type StaffRole, sectionRoles, staffRoles } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createHarness,
  createStaffWithPassword,
  type Harness,
  sessionCookie,
  testPasswordHash,
} from '../test-support/harness.ts';

const h: Harness = createHarness();
afterAll(() => h.close());

let siteId: string;
const cookies = {} as Record<StaffRole, string>;

beforeAll(async () => {
  await testPasswordHash();
  const { organisation, site } = await createTestOrganisation(h.db, 'Section roles org');
  siteId = site.id;
  for (const role of staffRoles) {
    const member = await createStaffWithPassword(h, { organisationId: organisation.id, siteId, roles: [role] });
    cookies[role] = await sessionCookie(h, member.email);
  }
});

type Caller = ReturnType<typeof callerFor>;

/** One read each section's page makes first: what the admin's nav promises, the server must serve. */
const firstRead: Record<Section, (api: Caller, siteId: string) => Promise<unknown>> = {
  board: (api) => api.visits.onSite({ siteId }),
  rollCall: (api) => api.rollCall.current({ siteId }),
  mine: (api) => api.escorts.mine({ siteId }),
  escorts: (api) => api.escorts.list({ siteId }),
  log: (api) => api.visitLog.search({ siteId }),
  review: (api) => api.logReviews.list({ siteId }),
  reports: (api) => api.reports.visits({ siteId, from: '2026-11-01', to: '2026-11-30' }),
  outbox: (api) => api.outbox.list({ siteId }),
  staff: (api) => api.accounts.list({ siteId }),
  kiosks: (api) => api.kiosk.devices({ siteId }),
  documents: (api) => api.documents.list({ siteId }),
  settings: (api) => api.sites.get({ siteId }),
  audit: (api) => api.audit.verify({ siteId }),
  disclosures: (api) => api.disclosures.list({ siteId }),
  account: (api) => api.staff.myStatus({ siteId }),
  holds: (api) => api.safeguarding.holds({ siteId }),
  concerns: (api) => api.safeguarding.concerns({ siteId }),
  denyList: (api) => api.denyList.entries({ siteId }),
  retention: (api) => api.retention.overview({ siteId }),
  subjectAccess: (api) => api.subjectAccess.find({ siteId, name: 'Nobody' }),
};

const sections = Object.keys(sectionRoles) as Section[];

describe('the role map and the server agree', () => {
  it.each(sections)('%s: served to exactly the roles the map gives it, refused to the others', async (section) => {
    const outcome: Record<string, string> = {};
    for (const role of staffRoles) {
      outcome[role] = await firstRead[section](callerFor(h, { cookie: cookies[role] }), siteId).then(
        () => 'served',
        (e: { code?: string }) => (e.code === 'FORBIDDEN' ? 'refused' : `error ${e.code}`),
      );
    }
    const expected = Object.fromEntries(
      staffRoles.map((r) => [r, (sectionRoles[section] as readonly string[]).includes(r) ? 'served' : 'refused']),
    );
    expect(outcome).toEqual(expected);
  });
});
