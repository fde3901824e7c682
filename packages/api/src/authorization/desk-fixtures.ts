import { saveDocumentDraft } from '../domain/document-versions.ts';
import { readSiteSettings } from '../domain/site-settings.ts';
import type { EscortScene, Member } from '../test-support/escort-harness.ts';
import { member } from '../test-support/escort-harness.ts';
import type { Harness } from '../test-support/harness.ts';
import { enrolDirectly } from '../test-support/two-factor.ts';

/** Records for the coordinator's desk procedures: a roll call, an export, a review digest, drafts, settings. */
export interface DeskFixtures {
  enrolledStaffId: string;
  rollCall: { id: string; entryId: string };
  exportId: string;
  logReviewDigest: string;
  drafts: { publish: { documentId: string; sha256: string }; discard: string };
  settings: Awaited<ReturnType<typeof readSiteSettings>>;
}

// A period with no visits: its exception report (and digest) stays the same whatever the matrix does meanwhile.
export const quietPeriod = { from: '2020-01-01', to: '2020-01-01' } as const;

/** Needs a visitor on site already (the roll call lists them). */
export async function createDeskFixtures(h: Harness, scene: EscortScene, admin: Member): Promise<DeskFixtures> {
  const siteId = scene.site.id;
  const coordinator = scene.coordinator.as();
  const enrolled = await member(h, scene.site, ['escort'], 'Eno Enrolled');
  await enrolDirectly(h, enrolled.id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');

  const { rollCallId } = await coordinator.rollCall.start({ siteId });
  const current = await coordinator.rollCall.current({ siteId });
  const entry = current?.visitors[0];
  if (!entry) throw new Error('the roll call lists nobody');

  const { exportId } = await coordinator.reports.exportStart({ siteId, ...quietPeriod, reason: 'inspection' });
  const { digest } = await coordinator.logReviews.exceptionReport({ siteId, ...quietPeriod });

  // French drafts leave the kiosk's English documents and the escorts' staff policy untouched.
  const reviewBy = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const draft = (kind: 'disclosure_policy' | 'confidentiality_policy') =>
    saveDocumentDraft(h.db, {
      siteId,
      staffId: admin.id,
      now: new Date(),
      kind,
      language: 'fr',
      title: 'Matrix draft',
      body: `Draft of the ${kind}`,
      reviewBy,
    });
  const publish = await draft('disclosure_policy');
  const discard = await draft('confidentiality_policy');

  return {
    enrolledStaffId: enrolled.id,
    rollCall: { id: rollCallId, entryId: entry.entryId },
    exportId,
    logReviewDigest: digest,
    drafts: { publish, discard: discard.documentId },
    settings: await readSiteSettings(h.db, { siteId }),
  };
}
