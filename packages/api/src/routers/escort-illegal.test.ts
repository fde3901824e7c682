import type { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EscortScene,
  escortScene,
  givePin,
  type Member,
  makeEligibleEscort,
  refusedWritingNothing,
  signInVisitor,
  stateOf,
} from '../test-support/escort-harness.ts';
import { createHarness, pairKioskAt, testPasswordHash } from '../test-support/harness.ts';

// Every call a visit's lifecycle could receive, from every state the procedures can reach, that must be refused.
// Each refusal must carry its own code and leave every escort record (audit, outbox, assignments, visits, alerts)
// exactly as it was.

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let ana: Member;
let ben: Member;
let cy: Member;
const PIN = '246810';
// This file signs in more visitors a minute than one tablet may (SIGN_IN_LIMITS): it spreads them over a few.
let kioskTokens: string[] = [];
let signIns = 0;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  [ana, ben, cy] = await Promise.all([
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okoro' }),
    makeEligibleEscort(h, scene, { name: 'Cy Tan' }),
  ]);
  await givePin(ana, PIN);
  const more = await Promise.all([1, 2, 3].map((n) => pairKioskAt(h, scene.site, `Kiosk ${n}`)));
  kioskTokens = [scene.kiosk.token, ...more.map((k) => k.token)];
});

type State = 'unassigned' | 'assigned' | 'escorted' | 'handover_pending' | 'signed_out';
const storedState: Record<State, string> = {
  unassigned: 'awaiting_escort',
  assigned: 'awaiting_escort',
  escorted: 'escorted',
  handover_pending: 'handover_pending',
  signed_out: 'signed_out',
};

/** A new visit in `state`, always through the procedures; Ana is (or was) its escort, Ben the one offered. */
async function visitIn(state: State) {
  const site = scene.site.id;
  const kioskToken = kioskTokens[signIns++ % kioskTokens.length] ?? scene.kiosk.token;
  const v = await signInVisitor(h, scene, {
    hostName: state === 'unassigned' ? 'Nobody Here' : 'Ana Silva',
    kioskToken,
  });
  if (state === 'escorted' || state === 'handover_pending' || state === 'signed_out') {
    await ana.as().escorts.confirm({ siteId: site, visitId: v.visitId });
  }
  if (state === 'handover_pending') {
    await ana.as().escorts.offerHandover({ siteId: site, visitId: v.visitId, toStaffId: ben.id });
  }
  if (state === 'signed_out') await ana.as().escorts.signOut({ siteId: site, visitId: v.visitId });
  expect(await stateOf(h, v.visitId)).toBe(storedState[state]);
  return v;
}

type Call = (v: { visitId: string; visitCode: string }) => Promise<unknown>;
const at = () => ({ siteId: scene.site.id });
const confirm =
  (m: () => Member): Call =>
  (v) =>
    m()
      .as()
      .escorts.confirm({ ...at(), visitId: v.visitId });
const offer =
  (m: () => Member, to: () => Member): Call =>
  (v) =>
    m()
      .as()
      .escorts.offerHandover({ ...at(), visitId: v.visitId, toStaffId: to().id });
const accept =
  (m: () => Member): Call =>
  (v) =>
    m()
      .as()
      .escorts.acceptHandover({ ...at(), visitId: v.visitId });
const cancel =
  (m: () => Member): Call =>
  (v) =>
    m()
      .as()
      .escorts.cancelHandover({ ...at(), visitId: v.visitId });
const escortSignOut =
  (m: () => Member): Call =>
  (v) =>
    m()
      .as()
      .escorts.signOut({ ...at(), visitId: v.visitId });
const assign =
  (to: () => Member): Call =>
  (v) =>
    scene.coordinator.as().escorts.assign({ ...at(), visitId: v.visitId, staffId: to().id });
const kioskSignOut: Call = (v) => scene.kioskAs().visits.signOut({ visitCode: v.visitCode });
const pinConfirm: Call = (v) => scene.kioskAs().kiosk.confirmEscortWithPin({ visitCode: v.visitCode, pin: PIN });

const A = () => ana;
const B = () => ben;
const C = () => cy;

const illegal: [State, string, Call, TRPCError['code']][] = [
  // Nobody assigned yet: there is nothing for an escort to act on.
  ['unassigned', 'Ana confirms', confirm(A), 'FORBIDDEN'],
  ['unassigned', 'Ana offers to Ben', offer(A, B), 'FORBIDDEN'],
  ['unassigned', 'Ben accepts', accept(B), 'FORBIDDEN'],
  ['unassigned', 'Ana cancels', cancel(A), 'FORBIDDEN'],
  ['unassigned', 'Ana signs out', escortSignOut(A), 'FORBIDDEN'],
  ['unassigned', 'the kiosk confirms with a PIN', pinConfirm, 'NOT_FOUND'],

  // Assigned to Ana, not confirmed.
  ['assigned', 'Ben confirms', confirm(B), 'FORBIDDEN'],
  ['assigned', 'Ana offers to Ben before confirming', offer(A, B), 'FORBIDDEN'],
  ['assigned', 'Ben accepts with no offer', accept(B), 'FORBIDDEN'],
  ['assigned', 'Ana cancels with no offer', cancel(A), 'FORBIDDEN'],
  ['assigned', 'Ben signs out', escortSignOut(B), 'FORBIDDEN'],
  ['assigned', 'the desk assigns Ana again', assign(A), 'CONFLICT'],

  // Ana is with the visitor.
  ['escorted', 'Ana confirms again', confirm(A), 'CONFLICT'],
  ['escorted', 'Ben confirms', confirm(B), 'FORBIDDEN'],
  ['escorted', 'Ana offers to herself', offer(A, A), 'BAD_REQUEST'],
  ['escorted', 'Ben offers to Cy', offer(B, C), 'FORBIDDEN'],
  ['escorted', 'Ben accepts with no offer', accept(B), 'FORBIDDEN'],
  ['escorted', 'Ana cancels with no offer', cancel(A), 'FORBIDDEN'],
  ['escorted', 'Ben cancels with no offer', cancel(B), 'FORBIDDEN'],
  ['escorted', 'Ben signs out', escortSignOut(B), 'FORBIDDEN'],
  ['escorted', 'the kiosk confirms with a PIN', pinConfirm, 'NOT_FOUND'],
  ['escorted', 'the desk assigns Ana again', assign(A), 'CONFLICT'],

  // Ana has offered the visitor to Ben.
  ['handover_pending', 'Ana offers again, to Cy', offer(A, C), 'CONFLICT'],
  ['handover_pending', 'Ana confirms again', confirm(A), 'CONFLICT'],
  ['handover_pending', 'Ben confirms instead of accepting', confirm(B), 'FORBIDDEN'],
  ['handover_pending', 'Ana accepts her own offer', accept(A), 'FORBIDDEN'],
  ['handover_pending', 'Cy accepts', accept(C), 'FORBIDDEN'],
  ['handover_pending', 'Cy cancels', cancel(C), 'FORBIDDEN'],
  ['handover_pending', 'Ben signs out', escortSignOut(B), 'FORBIDDEN'],
  ['handover_pending', 'Ben offers to Cy', offer(B, C), 'FORBIDDEN'],

  // Gone: nothing may change any more.
  ['signed_out', 'Ana confirms', confirm(A), 'FORBIDDEN'],
  ['signed_out', 'Ana offers to Ben', offer(A, B), 'FORBIDDEN'],
  ['signed_out', 'Ben accepts', accept(B), 'FORBIDDEN'],
  ['signed_out', 'Ana cancels', cancel(A), 'FORBIDDEN'],
  ['signed_out', 'Ana signs out again', escortSignOut(A), 'FORBIDDEN'],
  ['signed_out', 'the kiosk signs out again', kioskSignOut, 'NOT_FOUND'],
  ['signed_out', 'the kiosk confirms with a PIN', pinConfirm, 'NOT_FOUND'],
  ['signed_out', 'the desk assigns Ben', assign(B), 'CONFLICT'],
];

describe('illegal transitions through the procedures', () => {
  it.each(illegal)('%s: %s → %s, writing nothing', async (state, _what, call, code) => {
    const v = await visitIn(state);
    await refusedWritingNothing(h, scene.organisation.id, () => call(v), code);
    expect(await stateOf(h, v.visitId)).toBe(storedState[state]);
  });
});

// The legal moves from the same states, so the table above is known to be refusing for the right reason.
const legal: [State, string, Call, string][] = [
  ['unassigned', 'the desk assigns Ana', assign(A), 'awaiting_escort'],
  ['unassigned', 'the kiosk signs out', kioskSignOut, 'signed_out'],
  ['assigned', 'Ana confirms', confirm(A), 'escorted'],
  ['assigned', 'the kiosk confirms with Ana’s PIN', pinConfirm, 'escorted'],
  ['assigned', 'Ana signs out', escortSignOut(A), 'signed_out'],
  ['assigned', 'the desk assigns Ben', assign(B), 'awaiting_escort'],
  ['escorted', 'Ana offers to Ben', offer(A, B), 'handover_pending'],
  ['escorted', 'Ana signs out', escortSignOut(A), 'signed_out'],
  ['escorted', 'the kiosk signs out', kioskSignOut, 'signed_out'],
  ['escorted', 'the desk assigns Ben', assign(B), 'awaiting_escort'],
  ['handover_pending', 'Ben accepts', accept(B), 'escorted'],
  ['handover_pending', 'Ana cancels', cancel(A), 'escorted'],
  ['handover_pending', 'Ben cancels', cancel(B), 'escorted'],
  ['handover_pending', 'Ana signs out', escortSignOut(A), 'signed_out'],
  ['handover_pending', 'the kiosk signs out', kioskSignOut, 'signed_out'],
  ['handover_pending', 'the desk assigns Cy', assign(C), 'awaiting_escort'],
];

describe('legal transitions through the procedures', () => {
  it.each(legal)('%s: %s → %s', async (state, _what, call, next) => {
    const v = await visitIn(state);
    await call(v);
    expect(await stateOf(h, v.visitId)).toBe(next);
  });
});
