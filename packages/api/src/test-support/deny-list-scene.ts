import { escortScene, member } from './escort-harness.ts';
import { type Harness, visitorInput } from './harness.ts';

export const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/**
 * An escort scene with a receptionist and one deny-list entry (Marie Curie, alias Mary Smith, born 1967-11-07), and
 * `signIn`: a kiosk sign-in as a name, with the receipt and the stored visit.
 */
export async function denyListScene(h: Harness) {
  const scene = await escortScene(h);
  const site = scene.site.id;
  const reception = await member(h, scene.site, ['reception'], 'Rae Reception');
  // Sign-ins a tablet kept for ten minutes must be believable: it was paired an hour ago.
  await h.handle
    .sql`update kiosk_device set paired_at = ${minutesAgo(60).toISOString()} where id = ${scene.kiosk.deviceId}`;
  await scene.coordinator.as().denyList.add({
    siteId: site,
    fullName: 'Marie Curie',
    aliases: ['Mary Smith'],
    dateOfBirth: '1967-11-07',
    reason: 'Court order: must not contact a resident',
    reviewBy: '2030-01-01',
  });

  async function signIn(fullName: string, extra: { signedAt?: Date; idempotencyKey?: string; hostName?: string } = {}) {
    const input = visitorInput(scene, { fullName, ...extra });
    const receipt = await scene.kioskAs().visits.signIn(input);
    const visit = await h.db.query.visit.findFirst({
      where: (t, { and, eq }) => and(eq(t.siteId, site), eq(t.idempotencyKey, input.idempotencyKey)),
    });
    if (!visit) throw new Error('visit not stored');
    return { input, receipt, visit };
  }

  return { scene, site, org: scene.organisation.id, reception, signIn };
}

export type DenyListScene = Awaited<ReturnType<typeof denyListScene>>;
