import { decryptValue } from '@threshold/db';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { apiClient, signInThroughApi } from '../support/api.ts';
import { kioskStrings } from '../support/kiosk.ts';
import { type OfflineKiosk, startOfflineKiosk } from '../support/kiosk-fixture.ts';
import {
  answerUpToNoPhoto,
  badgeCode,
  keptCount,
  signAtNoPhoto,
  signOutWithCode,
  throughSubmitBudget,
} from '../support/kiosk-offline.ts';
import { runClockUntil } from '../support/page-clock.ts';
import { recordFault } from './support/ledger.ts';
import { RECOVERY_LIMIT_SECONDS } from './support/sizes.ts';

// Fault: a tablet in a real browser is offline across idle resets and a reload. Visitors sign in and out at it
// all the while; each is shown a badge or a "signed out" screen that says the tablet will send it later. The promise:
// once the network is back, every record the tablet took is stored exactly once, without anyone's help.
const scenario = 'offline-tablet';
// Five visitors sign in during the outage.
const ARRIVALS = ['Aurelia', 'Benedikt', 'Clemency', 'Dashiell', 'Evadne'].map((first) => `${first} Outage`);
const en = kioskStrings('en');

let offline: OfflineKiosk | undefined;
afterAll(() => offline?.close());

/**
 * Lets the badge screen leave by itself (the idle reset; the page's clock is moved on rather than waited out, then set
 * back to the real time) or taps Finish, as a visitor might.
 */
async function leaveBadge(page: Page, how: 'idle reset' | 'finish') {
  const welcome = page.getByRole('heading', { name: en('welcome.title') });
  if (how === 'finish') {
    await page.getByRole('button', { name: en('signedIn.finish') }).click();
    await welcome.waitFor({ timeout: 30_000 });
    return;
  }
  await runClockUntil(page, welcome, { limitMs: 60_000 });
  await page.clock.setSystemTime(new Date());
}

it('stores every record an offline tablet took exactly once when its network returns', async () => {
  // A short idle timeout, so badge screens reset by themselves within the run.
  offline = await startOfflineKiosk({ idleSeconds: 2 });
  const { server, sql: db, token, context, kiosk: page } = offline;
  const kioskApi = apiClient(server.url, { kioskToken: token });
  // Two visitors who arrived while all was well, and leave during the outage.
  const leavers = await Promise.all(
    ['Imogen Threlkeld', 'Barnaby Quist'].map((fullName) =>
      signInThroughApi(kioskApi, { fullName, organisation: 'Earlier Arrivals' }),
    ),
  );

  await context.setOffline(true);
  const signIns: { fullName: string; code: string }[] = [];
  for (const [i, fullName] of ARRIVALS.entries()) {
    await answerUpToNoPhoto(page, 'en', {
      fullName,
      organisation: 'Outage Testing',
      categoryKey: 'volunteer',
      purpose: 'Sort donations',
      host: 'Tom Hughes',
    });
    await signAtNoPhoto(page, 'en');
    await throughSubmitBudget(page, page.getByText(en('signedIn.kept')));
    signIns.push({ fullName, code: await badgeCode(page) });
    await leaveBadge(page, i % 2 === 0 ? 'idle reset' : 'finish');
    // Someone reloads the tablet in the middle of the outage.
    if (i === 2) {
      await page.reload();
      await page.getByRole('heading', { name: en('welcome.title') }).waitFor();
    }
  }
  for (const leaver of leavers) {
    await signOutWithCode(page, 'en', leaver.visitCode);
    await throughSubmitBudget(page, page.getByText(en('signedOut.kept')));
    await page.getByRole('button', { name: en('signedOut.done') }).click();
  }
  // Acknowledged: taken into the tablet's queue and shown to the visitor as kept.
  const acknowledged = signIns.length + leavers.length;
  expect(await keptCount(page, 'records')).toBe(acknowledged);

  await context.setOffline(false);
  const backAt = Date.now();
  const tally = async () => {
    // Names are stored encrypted: read every visit of this test's server and compare decrypted names.
    const names = new Set(signIns.map((s) => s.fullName));
    const rows = (await db<{ visitor_name: Buffer; visit_code: string }[]>`select visitor_name, visit_code from visit`)
      .map((r) => ({ ...r, visitor_name: decryptValue(r.visitor_name) }))
      .filter((r) => names.has(r.visitor_name));
    const left = await db<{ visit_code: string }[]>`
      select visit_code from visit where visit_code = any(${leavers.map((l) => l.visitCode)}) and signed_out_at is not null`;
    const rowsOf = (name: string) => rows.filter((r) => r.visitor_name === name);
    return {
      lost:
        signIns.filter((s) => !rowsOf(s.fullName).some((r) => r.visit_code === s.code)).length +
        leavers.length -
        left.length,
      duplicated: signIns.filter((s) => rowsOf(s.fullName).length > 1).length,
    };
  };
  let counted = await tally();
  while (counted.lost > 0 && Date.now() - backAt < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    counted = await tally();
  }
  const recoverySeconds = Math.round((Date.now() - backAt) / 100) / 10;
  // Also wrong: a record still on the tablet once everything is stored, or a sign-in without its one audit entry
  // (sign-ins and sign-outs each write theirs in the same transaction).
  let stillQueued = await keptCount(page, 'records');
  for (const until = Date.now() + 10_000; stillQueued > 0 && Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    stillQueued = await keptCount(page, 'records');
  }
  const [audits] = await db<{ signedIn: number; signedOut: number }[]>`
    select count(*) filter (where a.type = 'visit.signed_in')::int as "signedIn",
           count(*) filter (where a.type = 'visit.signed_out')::int as "signedOut"
      from audit_event a join visit v on v.id = a.visit_id
     where v.visit_code = any(${[...signIns.map((s) => s.code), ...leavers.map((l) => l.visitCode)]})`;
  const problems =
    stillQueued +
    Math.abs((audits?.signedIn ?? 0) - signIns.length - leavers.length) +
    Math.abs((audits?.signedOut ?? 0) - leavers.length);
  await recordFault({ scenario, acknowledged, ...counted, recoverySeconds, problems });

  expect({ ...counted, problems }).toEqual({ lost: 0, duplicated: 0, problems: 0 });
  expect(recoverySeconds).toBeLessThan(RECOVERY_LIMIT_SECONDS);
});
