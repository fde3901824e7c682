import { afterAll, describe, expect, it } from 'vitest';
import { member } from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, kioskScene, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

async function visitIdByCode(organisationId: string, visitCode: string) {
  const found = await h.db.query.visit.findFirst({
    where: (t, { and, eq }) => and(eq(t.organisationId, organisationId), eq(t.visitCode, visitCode)),
  });
  if (!found) throw new Error('visit not found');
  return found.id;
}

describe('visits.downloadSignedForm', () => {
  it('gives a coordinator the signed form as a PDF and records the download', async () => {
    const scene = await kioskScene(h);
    const { visitCode } = await scene.caller.visits.signIn(visitorInput(scene));
    const visitId = await visitIdByCode(scene.organisation.id, visitCode);
    const coordinator = await member(h, scene.site, ['coordinator'], 'Cora Coord');
    const file = await coordinator.as().visits.downloadSignedForm({ siteId: scene.site.id, visitId });
    expect(file.filename).toBe('signed-confidentiality-form.pdf');
    expect(Buffer.from(file.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const audits = await auditRowsOfType(h, scene.organisation.id, 'visit.viewed');
    expect(audits.map((a) => a.data)).toEqual([{ what: 'signed_form' }]);
  });

  it('does not reach a visit of another site, and writes no audit row then', async () => {
    const scene = await kioskScene(h);
    const other = await kioskScene(h);
    const { visitCode } = await other.caller.visits.signIn(visitorInput(other));
    const visitId = await visitIdByCode(other.organisation.id, visitCode);
    const coordinator = await member(h, scene.site, ['coordinator'], 'Cora Coord');
    await expect(coordinator.as().visits.downloadSignedForm({ siteId: scene.site.id, visitId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await auditRowsOfType(h, other.organisation.id, 'visit.viewed')).toEqual([]);
  });
});
