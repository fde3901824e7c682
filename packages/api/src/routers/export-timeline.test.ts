import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../test-support/harness.ts';
import { type ReportScene, reportScene } from '../test-support/report-visits.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: ReportScene;
let inJune = '';
let inMay = '';
let otherSiteJune = '';
const june = () => ({ siteId: scene.site.id, from: '2025-06-01', to: '2025-06-30', reason: 'inspection' as const });

beforeAll(async () => {
  scene = await reportScene(h);
  inJune = await scene.record({ signedInAt: new Date('2025-06-10T08:05:00Z') });
  inMay = await scene.record({ signedInAt: new Date('2025-05-10T08:05:00Z') });
  otherSiteJune = await scene.record({ siteId: scene.otherSite.id, signedInAt: new Date('2025-06-10T08:05:00Z') });
});

async function exportsOn(visitId: string, siteId = scene.site.id) {
  const { events } = await scene.people.coordinator.as().visitLog.timeline({ siteId, visitId });
  return events.filter((e) => e.type === 'visits.exported');
}

describe('an export on the timeline of each visit it included', () => {
  it('shows who exported, why and when on every included visit, and on no other', async () => {
    await scene.people.coordinator.as().reports.exportStart(june());
    await scene.people.secondCoordinator.as().reports.exportStart({ ...june(), reason: 'funder_report' });

    const shown = await exportsOn(inJune);
    expect(shown.map((e) => [e.actorName, e.type === 'visits.exported' && e.data.reason])).toEqual([
      ['Cora Coordinator', 'inspection'],
      ['Colm Coordinator', 'funder_report'],
    ]);
    expect(await exportsOn(inMay)).toEqual([]);
  });

  it('leaves out a visit signed in after the export started, though inside its period', async () => {
    const soon = await scene.record({ signedInAt: new Date(Date.now() + 60_000) });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await scene.people.coordinator.as().reports.exportStart({ ...june(), from: today, to: tomorrow });
    expect(await exportsOn(soon)).toEqual([]);
  });

  it('shows an export at another site only on that site’s visits', async () => {
    const before = (await exportsOn(inJune)).length;
    await scene.people.otherCoordinator.as().reports.exportStart({ ...june(), siteId: scene.otherSite.id });
    expect(await exportsOn(inJune)).toHaveLength(before);
    const { events } = await scene.people.otherCoordinator
      .as()
      .visitLog.timeline({ siteId: scene.otherSite.id, visitId: otherSiteJune });
    expect(events.filter((e) => e.type === 'visits.exported').map((e) => e.actorName)).toEqual(['Otto Other']);
  });
});
