import { createDb, schema } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CONFIDENTIALITY_NOTICE } from './common.ts';
import { renderOutboxMessage } from './templates.ts';

const handle = createDb(inject('databaseUrl'), { max: 1 });
afterAll(() => handle.close());

describe('the email a concern sends coordinators', () => {
  it('says a concern was raised and the visit is held, names nobody, and says where to read it', async () => {
    const { organisation, site } = await createTestOrganisation(handle.db);
    const [visit] = await handle.db
      .insert(schema.visit)
      .values({
        organisationId: organisation.id,
        siteId: site.id,
        idempotencyKey: crypto.randomUUID(),
        visitorName: 'Amara Nwosu',
        visitorOrganisation: 'Secret Unit',
        category: 'researcher',
        purpose: 'Confidential meeting',
        state: 'escorted',
        visitCode: 'ACDEFG',
      })
      .returning({ id: schema.visit.id });
    if (!visit) throw new Error('no visit');
    const mail = await renderOutboxMessage(handle.db, {
      id: crypto.randomUUID(),
      template: 'alert_raised',
      visitId: visit.id,
      toAddress: 'coordinator@example.org',
      payload: { kind: 'safeguarding_concern' },
    });
    expect(mail?.subject).toBe('Threshold alert: a safeguarding concern was raised');
    expect(mail?.text).toContain(
      'A safeguarding concern was raised during a visit at your site, and the visit is held.',
    );
    expect(mail?.text).toContain('Open Concerns in Threshold');
    expect(mail?.text).toContain(CONFIDENTIALITY_NOTICE);
    for (const secret of ['Amara', 'Nwosu', 'Secret Unit', 'Confidential meeting']) {
      expect(`${mail?.subject} ${mail?.text}`).not.toContain(secret);
    }
  });
});
