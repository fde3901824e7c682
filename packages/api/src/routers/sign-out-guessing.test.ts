import { LIVE_CHANNEL } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_OUT_PACE } from '../domain/sign-out.ts';
import { signOutNoticeHandler } from '../domain/sign-out-notice.ts';
import { drainAfterCommit } from '../jobs/after-commit.ts';
import { KIOSK_SIGN_OUT_SUBJECT } from '../mail/sign-out-notice-template.ts';
import { renderOutboxMessage } from '../mail/templates.ts';
import {
  assignmentsOf,
  escortScene,
  makeEligibleEscort,
  outboxOf,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { createHarness, kioskScene, testPasswordHash, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

/** A code built from the badge alphabet that is not `code`. */
function otherCode(code: string): string {
  return code.startsWith('A') ? `C${code.slice(1)}` : `A${code.slice(1)}`;
}

async function timed<T>(call: Promise<T>) {
  const started = performance.now();
  const outcome = await call.then(
    () => 'signed_out',
    (err: { code?: string }) => err.code ?? 'error',
  );
  return { outcome, ms: performance.now() - started };
}

describe('guessing visit codes at one kiosk', () => {
  it('never refuses: a right code signs out after 50 parallel wrong ones, within the 10 s cap', async () => {
    const scene = await kioskScene(h);
    const { visitCode } = await scene.caller.visits.signIn(visitorInput(scene));
    const wrong = await Promise.all(
      Array.from({ length: 50 }, () => timed(scene.caller.visits.signOut({ visitCode: otherCode(visitCode) }))),
    );
    expect(wrong.every((w) => w.outcome === 'NOT_FOUND')).toBe(true);
    const byTime = (s: number) => wrong.filter((w) => w.ms < s * 1000).length;
    console.log(
      `sign-out: 50 parallel wrong codes: evaluated per 50 within 1 s ${byTime(1)}, within 5 s ${byTime(5)}, ` +
        `all ${wrong.length} by ${(Math.max(...wrong.map((w) => w.ms)) / 1000).toFixed(1)} s (none refused)`,
    );
    // Three go at once; the rest wait for slots 2 s apart, none longer than the cap.
    expect(byTime(1)).toBe(SIGN_OUT_PACE.burst);
    expect(byTime(5)).toBeLessThanOrEqual(SIGN_OUT_PACE.burst + 2);
    expect(Math.max(...wrong.map((w) => w.ms))).toBeGreaterThanOrEqual(SIGN_OUT_PACE.maxWaitMs * 0.95);

    const right = await timed(scene.caller.visits.signOut({ visitCode }));
    console.log(`sign-out: the right code after them: signed out in ${(right.ms / 1000).toFixed(1)} s`);
    expect(right.outcome).toBe('signed_out');
    expect(right.ms).toBeLessThan(SIGN_OUT_PACE.maxWaitMs + 2000);
  }, 60_000);

  it('a right code sent in the middle of a burst of wrong ones still signs out', async () => {
    const scene = await kioskScene(h);
    const { visitCode } = await scene.caller.visits.signIn(visitorInput(scene));
    const wrong = Array.from({ length: 50 }, () =>
      timed(scene.caller.visits.signOut({ visitCode: otherCode(visitCode) })),
    );
    const right = await timed(scene.caller.visits.signOut({ visitCode }));
    await Promise.all(wrong);
    expect(right.outcome).toBe('signed_out');
    expect(right.ms).toBeLessThan(SIGN_OUT_PACE.maxWaitMs + 2000);
  }, 60_000);

  it('paces one guesser to one evaluation per 2 s after three', async () => {
    const scene = await kioskScene(h);
    const { visitCode } = await scene.caller.visits.signIn(visitorInput(scene));
    const started = performance.now();
    for (let i = 0; i < 6; i++) {
      await expect(scene.caller.visits.signOut({ visitCode: otherCode(visitCode) })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`sign-out: 6 sequential wrong codes took ${seconds.toFixed(1)} s`);
    expect(seconds).toBeGreaterThanOrEqual(((6 - SIGN_OUT_PACE.burst) * SIGN_OUT_PACE.spacingMs * 0.95) / 1000);
  }, 30_000);

  it('lets a stream of right codes through without waiting: each gives its slot back', async () => {
    const scene = await kioskScene(h);
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push((await scene.caller.visits.signIn(visitorInput(scene))).visitCode);
    const started = performance.now();
    for (const visitCode of codes) await scene.caller.visits.signOut({ visitCode });
    expect(performance.now() - started).toBeLessThan(SIGN_OUT_PACE.spacingMs);
  });
});

describe('a kiosk sign-out of an escorted visit', () => {
  it('tells the escort at once: a live event and an email naming no one in its subject', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    const { visitId, visitCode } = await signInVisitor(h, scene, { fullName: 'Grace Hopper', hostName: 'Dara Chan' });
    expect((await assignmentsOf(h, visitId)).map((a) => a.staffId)).toEqual([dara.id]);

    await scene.kioskAs().visits.signOut({ visitCode });
    const [queued] = await h.handle.sql<{ payload: { staffId: string; signedOutAt: number } }[]>`
      select payload from job_outbox where kind = 'sign_out_notice' and payload->>'visitId' = ${visitId}`;
    expect(queued?.payload.staffId).toBe(dara.id);

    const heard: unknown[] = [];
    const listening = await h.handle.sql.listen(LIVE_CHANNEL, (m) => heard.push(JSON.parse(m)));
    await drainAfterCommit(h.db, {
      handlers: signOutNoticeHandler,
      limit: 100,
      onError: (where, err) => {
        throw new Error(`${where} failed`, { cause: err });
      },
    });
    const mail = await outboxOf(h, scene.organisation.id, 'kiosk_sign_out_notice');
    expect(mail.map((m) => ({ to: m.toAddress, visitId: m.visitId }))).toEqual([{ to: dara.email, visitId }]);
    const row = mail[0];
    if (!row) throw new Error('no email');
    const message = await renderOutboxMessage(h.db, { ...row, toAddress: row.toAddress ?? '' });
    expect(message?.subject).toBe(KIOSK_SIGN_OUT_SUBJECT);
    expect(message?.subject).not.toMatch(/Grace|Hopper/);
    expect(message?.text).toMatch(/^Your visitor, Grace H\., was signed out at the kiosk at \d{2}:\d{2}\./);
    expect(message?.text).toContain('If they are still with you, tell reception now.');
    expect(message?.text).not.toContain('Hopper');
    await expect.poll(() => heard).toContainEqual(expect.objectContaining({ visitId, staffId: dara.id }));
    await listening.unlisten();
  });
});
