import { randomUUID } from 'node:crypto';
import { deleteDisclosures, listDisclosuresCreatedBefore, schema } from '@threshold/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refused } from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, errorOf, httpCall } from '../test-support/harness.ts';
import { type ReportScene, reportScene } from '../test-support/report-visits.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: ReportScene;
let visitHere = '';
let visitThere = '';

beforeAll(async () => {
  scene = await reportScene(h);
  visitHere = await scene.record({ signedInAt: new Date('2025-06-10T08:00:00Z'), visitorName: 'Vera Linked' });
  visitThere = await scene.record({ signedInAt: new Date('2025-06-10T08:00:00Z'), siteId: scene.otherSite.id });
});

const NOW = new Date('2026-03-01T12:00:00Z');
const site = () => scene.site.id;
const coordinator = () => scene.people.coordinator.as(NOW);

function baseRequest() {
  return {
    siteId: site(),
    requesterName: 'Dee Officer',
    requesterRole: 'Social worker',
    agency: 'County Council Children’s Services',
    receivedOn: '2026-02-10',
    requested: 'Dates and times of visits by the father',
    consent: 'not_sought' as const,
    reasonWithoutConsent: 'Child protection enquiry under section 47',
    toldOn: null,
    notToldReason: 'Telling the father would put the child at risk',
    released: 'Dates of two visits',
    releasedOn: '2026-02-12',
    decidedByStaffId: scene.people.secondCoordinator.id,
    visitIds: [visitHere],
  };
}

/** A valid request with some fields changed (or added: `id` for an update). */
function request<O extends object>(overrides?: O): ReturnType<typeof baseRequest> & O {
  return { ...baseRequest(), ...overrides } as ReturnType<typeof baseRequest> & O;
}

async function fieldErrorsOf(path: 'disclosures.create' | 'disclosures.update', input: unknown) {
  const res = await httpCall(
    h,
    { cookie: scene.people.coordinator.cookie, now: NOW },
    { path, type: 'mutation', input },
  );
  expect(res.status).toBe(400);
  return errorOf(res).data.fieldErrors;
}

async function registerSize() {
  const rows = await h.db.select().from(schema.disclosureRequest).where(eq(schema.disclosureRequest.siteId, site()));
  return rows.length;
}

describe('recording a request for information', () => {
  it('records every field, links the visit, and audits ids and codes only in the same transaction', async () => {
    const { id } = await coordinator().disclosures.create(request());
    const got = await coordinator().disclosures.get({ siteId: site(), id });
    expect(got).toMatchObject({
      requesterName: 'Dee Officer',
      agency: 'County Council Children’s Services',
      consent: 'not_sought',
      notToldReason: 'Telling the father would put the child at risk',
      releasedOn: '2026-02-12',
      decidedByName: 'Colm Coordinator',
      visitCount: 1,
    });
    expect(got.visits.map((v) => [v.id, v.visitorName])).toEqual([[visitHere, 'Vera Linked']]);

    const [recorded] = (await auditRowsOfType(h, scene.organisation.id, 'disclosure.recorded')).filter(
      (r) => (r.data as { disclosureId: string }).disclosureId === id,
    );
    expect(recorded?.data).toEqual({
      disclosureId: id,
      consent: 'not_sought',
      told: false,
      released: true,
      decidedByStaffId: scene.people.secondCoordinator.id,
      visitIds: [visitHere],
    });
    expect(recorded?.actorId).toBe(scene.people.coordinator.id);
    const viewed = await auditRowsOfType(h, scene.organisation.id, 'disclosure.viewed');
    expect(viewed.map((r) => r.data)).toContainEqual({ disclosureId: id });
  });

  it('needs a reason to disclose unless consent was obtained, and drops one given when it was', async () => {
    for (const consent of ['not_sought', 'sought_and_refused'] as const) {
      const errors = await fieldErrorsOf('disclosures.create', request({ consent, reasonWithoutConsent: '  ' }));
      expect(errors).toEqual([
        expect.objectContaining({ path: 'reasonWithoutConsent', message: expect.stringMatching(/without .* consent/) }),
      ]);
    }
    const { id } = await coordinator().disclosures.create(
      request({ consent: 'sought_and_obtained', reasonWithoutConsent: 'Not needed' }),
    );
    expect((await coordinator().disclosures.get({ siteId: site(), id })).reasonWithoutConsent).toBe('');
  });

  it('names each missing or inconsistent field', async () => {
    const errors = await fieldErrorsOf(
      'disclosures.create',
      request({
        requesterName: '',
        agency: ' ',
        consent: 'maybe',
        receivedOn: '10/02/2026',
        notToldReason: '',
        released: '',
        decidedByStaffId: '',
        visitIds: ['not-a-visit'],
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(
      ['agency', 'consent', 'decidedByStaffId', 'receivedOn', 'requesterName', 'visitIds.0'].sort(),
    );
    const told = await fieldErrorsOf('disclosures.create', request({ notToldReason: '' }));
    expect(told.map((e) => e.path)).toEqual(['notToldReason']);
    const both = await fieldErrorsOf('disclosures.create', request({ toldOn: '2026-02-11' }));
    expect(both.map((e) => e.path)).toEqual(['notToldReason']);
    const undated = await fieldErrorsOf('disclosures.create', request({ releasedOn: null }));
    expect(undated.map((e) => e.path)).toEqual(['releasedOn']);
    const early = await fieldErrorsOf('disclosures.create', request({ releasedOn: '2026-02-01' }));
    expect(early).toEqual([expect.objectContaining({ path: 'releasedOn', message: expect.stringMatching(/before/) })]);
  });

  it('refuses a future date, a decider from elsewhere and a visit of another site, writing nothing', async () => {
    const before = await registerSize();
    const future = await fieldErrorsOf(
      'disclosures.create',
      request({ receivedOn: '2026-03-02', releasedOn: null, released: '' }),
    );
    expect(future).toEqual([expect.objectContaining({ path: 'receivedOn', key: 'receivedOn.future' })]);
    const outsider = await fieldErrorsOf(
      'disclosures.create',
      request({ decidedByStaffId: scene.people.otherCoordinator.id }),
    );
    expect(outsider).toEqual([
      expect.objectContaining({ path: 'decidedByStaffId', key: 'decidedByStaffId.notAtSite' }),
    ]);
    const elsewhere = await fieldErrorsOf('disclosures.create', request({ visitIds: [visitHere, visitThere] }));
    expect(elsewhere).toEqual([
      expect.objectContaining({ path: 'visitIds', message: 'A request can only be linked to visits at this site.' }),
    ]);
    expect(await registerSize()).toBe(before);
  });
});

describe('changing a request', () => {
  it('replaces the fields and links, audited; another site cannot reach it', async () => {
    const { id } = await coordinator().disclosures.create(request());
    await coordinator().disclosures.update(
      request({ id, toldOn: '2026-02-20', notToldReason: '', consent: 'sought_and_refused', visitIds: [] }),
    );
    const got = await coordinator().disclosures.get({ siteId: site(), id });
    expect(got).toMatchObject({ toldOn: '2026-02-20', notToldReason: '', consent: 'sought_and_refused', visits: [] });
    const updated = (await auditRowsOfType(h, scene.organisation.id, 'disclosure.updated')).map((r) => r.data);
    expect(updated).toContainEqual(expect.objectContaining({ disclosureId: id, told: true, visitIds: [] }));

    const other = scene.people.otherCoordinator.as(NOW);
    await refused(other.disclosures.get({ siteId: site(), id }), 'FORBIDDEN');
    await refused(other.disclosures.get({ siteId: scene.otherSite.id, id }), 'NOT_FOUND');
    await refused(
      other.disclosures.update(
        request({ id, siteId: scene.otherSite.id, decidedByStaffId: scene.people.otherCoordinator.id, visitIds: [] }),
      ),
      'NOT_FOUND',
    );
    expect((await coordinator().disclosures.get({ siteId: site(), id })).requesterName).toBe('Dee Officer');
  });
});

describe('who may use the register', () => {
  it('is for coordinators only', async () => {
    for (const who of ['reception', 'admin', 'escort'] as const) {
      const caller = scene.people[who].as(NOW);
      await refused(caller.disclosures.list({ siteId: site() }), 'FORBIDDEN');
      await refused(caller.disclosures.create(request()), 'FORBIDDEN');
    }
  });
});

describe('listing and exporting', () => {
  it('filters by date received and consent', async () => {
    await coordinator().disclosures.create(request({ receivedOn: '2025-12-01', releasedOn: null, released: '' }));
    const december = await coordinator().disclosures.list({ siteId: site(), from: '2025-12-01', to: '2025-12-31' });
    expect(december.map((d) => d.receivedOn)).toEqual(['2025-12-01']);
    const refusedConsent = await coordinator().disclosures.list({ siteId: site(), consent: 'sought_and_refused' });
    expect(refusedConsent.length).toBeGreaterThan(0);
    expect(refusedConsent.every((d) => d.consent === 'sought_and_refused')).toBe(true);
    const wrongOrder = await httpCall(
      h,
      { cookie: scene.people.coordinator.cookie },
      { path: 'disclosures.list', type: 'query', input: { siteId: site(), from: '2026-01-02', to: '2026-01-01' } },
    );
    expect(errorOf(wrongOrder).data.fieldErrors.map((e) => e.path)).toEqual(['to']);
  });

  it('exports CSV with formulas neutralised, asking a reason and auditing the count', async () => {
    await coordinator().disclosures.create(request({ requesterName: '=HYPERLINK("http://evil")', agency: '+Agency' }));
    const noReason = await httpCall(
      h,
      { cookie: scene.people.coordinator.cookie },
      { path: 'disclosures.exportCsv', type: 'mutation', input: { siteId: site() } },
    );
    expect(errorOf(noReason).data.fieldErrors.map((e) => e.path)).toEqual(['reason']);

    const all = await coordinator().disclosures.list({ siteId: site() });
    const out = await coordinator().disclosures.exportCsv({ siteId: site(), reason: 'inspection' });
    const lines = out.csv.split('\r\n');
    expect(lines[0]).toMatch(/^received_on,requester_name,requester_role,agency,/);
    expect(out.count).toBe(all.length);
    expect(lines).toHaveLength(all.length + 2);
    expect(out.csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(out.csv).toContain(`"'+Agency"`);
    expect(out.csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const exported = await auditRowsOfType(h, scene.organisation.id, 'disclosures.exported');
    expect(exported.at(-1)?.data).toEqual({
      count: all.length,
      reason: 'inspection',
      from: null,
      to: null,
      consent: null,
    });
    expect(JSON.stringify(exported.at(-1))).not.toContain('HYPERLINK');
  });
});

describe('retention', () => {
  it('finds requests by when they were recorded and destroys them with their links; a destroyed visit drops only its link', async () => {
    const { id } = await coordinator().disclosures.create(request());
    await h.db
      .update(schema.disclosureRequest)
      .set({ createdAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(schema.disclosureRequest.id, id));
    const old = await listDisclosuresCreatedBefore(h.db, { before: new Date('2021-01-01T00:00:00Z'), limit: 100 });
    expect(old.map((r) => r.id)).toContain(id);
    expect(await deleteDisclosures(h.db, { ids: [id] })).toBe(1);
    expect(await h.db.select().from(schema.disclosureVisit).where(eq(schema.disclosureVisit.disclosureId, id))).toEqual(
      [],
    );

    const kept = await coordinator().disclosures.create(request());
    // A bare visit (no signed records, which only the owner role may delete) stands for one the purge destroys.
    const [bare] = await h.db
      .insert(schema.visit)
      .values({
        organisationId: scene.organisation.id,
        siteId: site(),
        idempotencyKey: randomUUID(),
        visitorName: 'Gone Soon',
        visitorOrganisation: '',
        category: 'researcher',
        state: 'signed_out',
        visitCode: 'GONE01',
        signedInAt: new Date('2025-06-11T08:00:00Z'),
        signedOutAt: new Date('2025-06-11T09:00:00Z'),
      })
      .returning({ id: schema.visit.id });
    const throwaway = bare?.id ?? '';
    await coordinator().disclosures.update(request({ id: kept.id, visitIds: [throwaway] }));
    await h.db.delete(schema.visit).where(eq(schema.visit.id, throwaway));
    expect((await coordinator().disclosures.get({ siteId: site(), id: kept.id })).visits).toEqual([]);
  });

  it('keeps a request about a visit under an active safeguarding hold out of the purge', async () => {
    const held = await scene.record({ signedInAt: new Date('2025-06-12T08:00:00Z') });
    const { id } = await coordinator().disclosures.create(request({ visitIds: [held] }));
    await h.db
      .update(schema.disclosureRequest)
      .set({ createdAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(schema.disclosureRequest.id, id));
    const expired = async () =>
      (await listDisclosuresCreatedBefore(h.db, { before: new Date('2021-01-01T00:00:00Z'), limit: 100 })).map(
        (r) => r.id,
      );
    expect(await expired()).toContain(id);
    await coordinator().safeguarding.hold({
      siteId: site(),
      visitId: held,
      reason: 'legal_request',
      note: '',
      reviewBy: '2026-06-01',
    });
    expect(await expired()).not.toContain(id);
  });
});
