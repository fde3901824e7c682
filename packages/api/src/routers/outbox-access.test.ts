import { afterAll, describe, expect, it } from 'vitest';
import { member } from '../test-support/escort-harness.ts';
import { createHarness, kioskScene, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

describe('the outbox and need-to-know', () => {
  it('shows an admin who is not a coordinator that mail flows, with addresses masked, and no message content', async () => {
    const scene = await kioskScene(h);
    await scene.caller.visits.signIn(visitorInput(scene, { email: 'amara@example.org' }));
    const admin = await member(h, scene.site, ['admin'], 'Ada Admin');
    const coordinator = await member(h, scene.site, ['coordinator'], 'Cora Coord');
    const asAdmin = await admin.as().outbox.list({ siteId: scene.site.id });
    expect(asAdmin.messages.map((m) => m.toAddress)).toEqual(['a•••@example.org']);
    const asCoordinator = await coordinator.as().outbox.list({ siteId: scene.site.id });
    expect(asCoordinator.messages.map((m) => m.toAddress)).toEqual(['amara@example.org']);
    const messageId = asCoordinator.messages[0]?.id ?? '';
    await expect(admin.as().outbox.message({ siteId: scene.site.id, messageId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const opened = await coordinator.as().outbox.message({ siteId: scene.site.id, messageId });
    expect(opened.rendered?.to).toBe('amara@example.org');
  });
});
