import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, refused } from '../test-support/escort-harness.ts';
import { createHarness, kioskScene, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness({ max: 4 });
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

type Scene = Awaited<ReturnType<typeof staffPolicyScene>>;

/** A site with its default documents (English and Khmer staff policy, version 1), an admin and an escort. */
async function staffPolicyScene() {
  const scene = await kioskScene(h);
  const admin = await member(h, scene.site, ['admin'], 'Ada Admin');
  const escort = await member(h, scene.site, ['escort'], 'Eli Escort');
  const status = () => escort.as().staff.myStatus({ siteId: scene.site.id });
  return { site: scene.site.id, admin, escort, status };
}

/** The admin publishes the next version of the staff policy in `language`; returns its id. */
async function publishStaffPolicy(s: Scene, language: 'en' | 'km', body: string) {
  const reviewBy = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const draft = await s.admin.as().documents.saveDraft({
    siteId: s.site,
    kind: 'staff_policy',
    language,
    title: 'Staff confidentiality and child-protection policy',
    body,
    reviewBy,
  });
  await s.admin.as().documents.publish({ siteId: s.site, documentId: draft.documentId, sha256: draft.sha256 });
  return draft.documentId;
}

describe('a staff policy update', () => {
  it('must be accepted again before escorting', async () => {
    const s = await staffPolicyScene();
    const v1 = (await s.status()).policies.find((p) => p.language === 'en');
    if (!v1) throw new Error('no English staff policy');
    await s.escort.as().staff.acknowledgePolicy({ siteId: s.site, documentId: v1.id });
    expect((await s.status()).policyAcknowledged).toBe(true);

    const v2 = await publishStaffPolicy(s, 'en', 'Staff policy, second edition.');

    const status = await s.status();
    expect(status.policyAcknowledged).toBe(false);
    expect(status.reasons.map((r) => r.code)).toContain('policy_not_acknowledged');
    expect(status.policies.find((p) => p.language === 'en')).toMatchObject({ id: v2, version: 2 });
    await refused(s.escort.as().staff.acknowledgePolicy({ siteId: s.site, documentId: v1.id }), 'CONFLICT');
    await s.escort.as().staff.acknowledgePolicy({ siteId: s.site, documentId: v2 });
    expect((await s.status()).policyAcknowledged).toBe(true);
  });
});

describe('a staff policy in two languages', () => {
  it('counts a translation only once it translates the newest English version', async () => {
    const s = await staffPolicyScene();
    const khmer1 = (await s.status()).policies.find((p) => p.language === 'km');
    if (!khmer1) throw new Error('no Khmer staff policy');
    await s.escort.as().staff.acknowledgePolicy({ siteId: s.site, documentId: khmer1.id });
    expect((await s.status()).policyAcknowledged).toBe(true);

    // A new English text: the Khmer acceptance was of the old text, and the old translation is no longer offered.
    const english2 = await publishStaffPolicy(s, 'en', 'Staff policy, second edition.');
    const status = await s.status();
    expect(status.policyAcknowledged).toBe(false);
    expect(status.policies.map((p) => [p.language, p.id])).toEqual([['en', english2]]);
    await refused(s.escort.as().staff.acknowledgePolicy({ siteId: s.site, documentId: khmer1.id }), 'CONFLICT');

    // Its translation, published after it, is offered and counts.
    const khmer2 = await publishStaffPolicy(s, 'km', 'គោលការណ៍បុគ្គលិក បោះពុម្ពលើកទីពីរ');
    expect((await s.status()).policies.map((p) => p.id).sort()).toEqual([english2, khmer2].sort());
    await s.escort.as().staff.acknowledgePolicy({ siteId: s.site, documentId: khmer2 });
    expect((await s.status()).policyAcknowledged).toBe(true);
  });
});
