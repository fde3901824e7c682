import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type EscortScene, escortScene } from '../test-support/escort-harness.ts';
import { createHarness, type Harness, visitorInput } from '../test-support/harness.ts';

// The check must fail closed. This file connects as a role of its own with the application's grants, so taking the
// deny list away from it (a revoked privilege: the lookup throws) leaves every other test's sign-ins alone.
const role = `threshold_deny_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');
const owner = postgres(inject('ownerDatabaseUrl'), { max: 1, onnotice: () => {} });
let h: Harness;
let scene: EscortScene;

beforeAll(async () => {
  await owner`create role ${owner(role)} login password ${owner.unsafe(`'${password}'`)}`;
  await owner`grant usage on schema public to ${owner(role)}`;
  await owner`grant select, insert, update, delete on all tables in schema public to ${owner(role)}`;
  await owner`grant usage, select on all sequences in schema public to ${owner(role)}`;
  const url = new URL(inject('databaseUrl'));
  url.username = role;
  url.password = password;
  h = createHarness({ url: url.toString() });
  scene = await escortScene(h);
});

afterAll(async () => {
  await h?.close();
  await owner`drop owned by ${owner(role)}`;
  await owner`drop role ${owner(role)}`;
  await owner.end();
});

async function signIn(fullName: string) {
  const input = visitorInput(scene, { fullName });
  const receipt = await scene.kioskAs().visits.signIn(input);
  const visit = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.idempotencyKey, input.idempotencyKey) });
  if (!visit) throw new Error('visit not stored');
  const [screening] = await h.handle.sql<{ outcome: string }[]>`
    select outcome from visit_screening where visit_id = ${visit.id}`;
  return { receipt, state: visit.state, outcome: screening?.outcome };
}

describe('when the deny-list check cannot run', () => {
  it('the sign-in still succeeds for the visitor, and the visit is held in screening for a person to decide', async () => {
    expect(await signIn('Grace Hopper')).toMatchObject({ state: 'awaiting_escort', outcome: 'clear' });

    await owner`revoke select on deny_list_name from ${owner(role)}`;
    try {
      const held = await signIn('Grace Hopper');
      expect(held).toMatchObject({ state: 'screening', outcome: 'check_failed' });
      expect(held.receipt).toMatchObject({ replayed: false, visitCode: expect.stringMatching(/^[A-Z0-9]{6}$/) });
      const waiting = await scene.coordinator.as().denyList.waiting({ siteId: scene.site.id });
      expect(waiting.map((w) => [w.outcome, w.matches])).toEqual([['check_failed', []]]);
    } finally {
      await owner`grant select on deny_list_name to ${owner(role)}`;
    }
    expect(await signIn('Grace Hopper')).toMatchObject({ state: 'awaiting_escort', outcome: 'clear' });
  });
});
