import { createDb, schema } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CONFIDENTIALITY_NOTICE } from './common.ts';
import { renderOutboxMessage } from './templates.ts';

const handle = createDb(inject('databaseUrl'), { max: 2 });
afterAll(() => handle.close());

async function visitOf(name: string) {
  const { organisation, site } = await createTestOrganisation(handle.db);
  const [visit] = await handle.db
    .insert(schema.visit)
    .values({
      organisationId: organisation.id,
      siteId: site.id,
      idempotencyKey: crypto.randomUUID(),
      visitorName: name,
      visitorOrganisation: 'Secret Unit',
      category: 'researcher',
      purpose: 'Confidential meeting',
      state: 'awaiting_escort',
      visitCode: 'ACDEFG',
    })
    .returning({ id: schema.visit.id });
  if (!visit) throw new Error('no visit');
  return visit.id;
}

const row = (visitId: string, template: string, payload: unknown = {}) => ({
  id: crypto.randomUUID(),
  template,
  visitId,
  toAddress: 'staff@example.org',
  payload,
});

describe('emails to staff', () => {
  it('tells an escort whom to meet by first name and initial only, with the confidentiality notice', async () => {
    const visitId = await visitOf('Amara Nwosu');
    const mail = await renderOutboxMessage(handle.db, row(visitId, 'escort_assigned'));
    expect(mail?.to).toBe('staff@example.org');
    expect(mail?.text).toContain('You are the escort for Amara N.');
    expect(mail?.text).toContain(CONFIDENTIALITY_NOTICE);
    for (const secret of ['Nwosu', 'Secret Unit', 'Confidential meeting']) {
      expect(mail?.text).not.toContain(secret);
      expect(mail?.subject).not.toContain(secret);
    }
    expect(mail?.attachments).toEqual([]);
  });

  it('alerts coordinators without naming anyone, saying what happened and where to act', async () => {
    const visitId = await visitOf('Amara Nwosu');
    const mail = await renderOutboxMessage(handle.db, row(visitId, 'alert_raised', { kind: 'unescorted' }));
    expect(mail?.subject).toBe('Threshold alert: a visitor may be unescorted');
    expect(mail?.text).toContain('has no confirmed escort');
    expect(mail?.text).not.toContain('Amara');
    expect(mail?.text).toContain(CONFIDENTIALITY_NOTICE);
  });

  it('renders nothing for a visit that no longer exists or an alert kind it does not know', async () => {
    await expect(renderOutboxMessage(handle.db, row(crypto.randomUUID(), 'escort_assigned'))).resolves.toBeNull();
    const visitId = await visitOf('Someone Else');
    await expect(
      renderOutboxMessage(handle.db, row(visitId, 'alert_raised', { kind: 'nonsense' })),
    ).resolves.toBeNull();
  });
});
