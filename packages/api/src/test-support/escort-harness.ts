import type { StaffRole } from '@threshold/validators';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { hostMatchHandler } from '../domain/escort/timers.ts';
import { drainAfterCommit } from '../jobs/after-commit.ts';
import {
  callerFor,
  createStaffWithPassword,
  type Harness,
  kioskScene,
  pairKioskAt,
  sessionCookie,
  visitorInput,
} from './harness.ts';

export type Scene = Awaited<ReturnType<typeof kioskScene>>;
type Site = { id: string; organisationId: string };

export interface Member {
  id: string;
  email: string;
  name: string;
  cookie: string;
  /** A caller signed in as this member of staff, seeing `now` as the time when given. */
  as: (now?: Date) => ReturnType<typeof callerFor>;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A member of staff with these roles at the site, signed in (password and session), named `name`. */
export async function member(h: Harness, site: Site, roles: StaffRole[], name = 'Test Staff'): Promise<Member> {
  const m = await createStaffWithPassword(h, { organisationId: site.organisationId, siteId: site.id, roles, name });
  const cookie = await sessionCookie(h, m.email);
  return { id: m.id, email: m.email, name, cookie, as: (now) => callerFor(h, now ? { cookie, now } : { cookie }) };
}

/** A kiosk scene (documents, including the staff policy, published; one paired kiosk) with a coordinator. */
export async function escortScene(h: Harness) {
  const scene = await kioskScene(h);
  const coordinator = await member(h, scene.site, ['coordinator'], 'Cora Coordinator');
  const kioskAs = (now?: Date) =>
    callerFor(h, now ? { kioskToken: scene.kiosk.token, now } : { kioskToken: scene.kiosk.token });
  return { ...scene, coordinator, kioskAs };
}
export type EscortScene = Awaited<ReturnType<typeof escortScene>>;

/** The member of staff accepts the site's current English staff policy through `staff.acknowledgePolicy`. */
export async function acceptStaffPolicy(m: Member, siteId: string) {
  const status = await m.as().staff.myStatus({ siteId });
  const policy = status.policies.find((p) => p.language === 'en');
  if (!policy) throw new Error('the site has no English staff policy');
  await m.as().staff.acknowledgePolicy({ siteId, documentId: policy.id });
  return policy;
}

/**
 * An escort who may escort now: escort role, the current staff policy accepted, training recorded today by the
 * scene's coordinator, on duty. Each step goes through its procedure.
 */
export async function makeEligibleEscort(
  h: Harness,
  scene: EscortScene,
  opts: { name?: string; roles?: StaffRole[] } = {},
): Promise<Member> {
  const escort = await member(h, scene.site, opts.roles ?? ['escort'], opts.name ?? 'Eli Escort');
  await acceptStaffPolicy(escort, scene.site.id);
  await scene.coordinator
    .as()
    .escorts.recordTraining({ siteId: scene.site.id, staffId: escort.id, completedOn: today() });
  await escort.as().staff.setDuty({ siteId: scene.site.id, onDuty: true });
  return escort;
}

/** Sets the member of staff's kiosk PIN through `staff.setPin`. */
export async function givePin(m: Member, pin: string) {
  await m.as().staff.setPin({ pin });
  return pin;
}

/**
 * Hands on the host matching that follows sign-ins' commits (as the server's after-commit worker does), until no
 * match is waiting for these visits. Another test file may hold a row in its own drain: wait for it.
 */
export async function settleHostMatch(h: Harness, visitIds: string | string[]) {
  const ids = Array.isArray(visitIds) ? visitIds : [visitIds];
  for (let round = 0; round < 200; round++) {
    await drainAfterCommit(h.db, {
      handlers: hostMatchHandler,
      limit: 500,
      onError: (where, err) => {
        throw new Error(`${where} failed`, { cause: err });
      },
    });
    const [waiting] = await h.handle.sql`
      select 1 from job_outbox where kind = 'host_match' and payload->>'visitId' = any(${ids})`;
    if (!waiting) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('host matching did not finish');
}

/**
 * Signs a visitor in at the scene's kiosk (or `kioskToken`) and lets the host matching that follows it finish;
 * returns the stored visit's id, code and time.
 */
export async function signInVisitor(
  h: Harness,
  scene: Scene,
  opts: { fullName?: string; hostName?: string; kioskToken?: string; now?: Date } = {},
) {
  const input = visitorInput(scene, {
    fullName: opts.fullName ?? 'Grace Hopper',
    hostName: opts.hostName ?? 'Duty Coordinator',
  });
  const kioskToken = opts.kioskToken ?? scene.kiosk.token;
  const receipt = await callerFor(h, opts.now ? { kioskToken, now: opts.now } : { kioskToken }).visits.signIn(input);
  const visit = await h.db.query.visit.findFirst({
    where: (t, { and, eq }) => and(eq(t.siteId, scene.site.id), eq(t.idempotencyKey, input.idempotencyKey)),
  });
  if (!visit) throw new Error('visit not stored');
  await settleHostMatch(h, visit.id);
  return { visitId: visit.id, visitCode: receipt.visitCode, signedInAt: visit.signedInAt };
}

/** Another paired kiosk at the scene's site. */
export async function anotherKiosk(h: Harness, scene: Scene, name = 'Second kiosk') {
  const kiosk = await pairKioskAt(h, scene.site, name);
  return callerFor(h, { kioskToken: kiosk.token });
}

export async function stateOf(h: Harness, visitId: string) {
  const row = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.id, visitId) });
  if (!row) throw new Error('no such visit');
  return row.state;
}

/** Every assignment of a visit, oldest first (ties by id, for a stable order). */
export async function assignmentsOf(h: Harness, visitId: string) {
  return h.db.query.escortAssignment.findMany({
    where: (t, { eq }) => eq(t.visitId, visitId),
    orderBy: (t, { asc }) => [asc(t.assignedAt), asc(t.endedAt)],
  });
}

export async function alertsOf(h: Harness, visitId: string) {
  return h.db.query.alert.findMany({
    where: (t, { eq }) => eq(t.visitId, visitId),
    orderBy: (t, { asc }) => [asc(t.raisedAt)],
  });
}

export async function outboxOf(h: Harness, organisationId: string, template: string) {
  return h.db.query.outboxMessage.findMany({
    where: (t, { and, eq }) => and(eq(t.organisationId, organisationId), eq(t.template, template)),
  });
}

/**
 * Everything an escort procedure could write for an organisation: audit and outbox counts, every assignment,
 * visit state and alert, so `toEqual` before and after proves a refused call changed nothing.
 */
export async function escortSnapshot(h: Harness, organisationId: string) {
  const [counts] = await h.handle.sql<{ audit: number; outbox: number }[]>`
    select (select count(*)::int from audit_event where organisation_id = ${organisationId}) as audit,
           (select count(*)::int from outbox_message where organisation_id = ${organisationId}) as outbox`;
  const assignments = await h.handle.sql`
    select a.* from escort_assignment a join visit v on v.id = a.visit_id
    where v.organisation_id = ${organisationId} order by a.id`;
  const visits = await h.handle.sql`
    select id, state, signed_out_at from visit where organisation_id = ${organisationId} order by id`;
  const alerts = await h.handle.sql`select * from alert where organisation_id = ${organisationId} order by id`;
  return { counts, assignments: [...assignments], visits: [...visits], alerts: [...alerts] };
}

/** Awaits a call that must be refused with `code` (and a message matching `message`, when given). */
export async function refused(call: Promise<unknown>, code: TRPCError['code'], message?: RegExp | string) {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}, but the call succeeded`).toBeInstanceOf(TRPCError);
  const trpc = err as TRPCError;
  expect(trpc.code).toBe(code);
  if (message !== undefined) expect(trpc.message).toMatch(message);
  return trpc;
}

/** Like `refused`, and proves the organisation's escort records are exactly as they were before the call. */
export async function refusedWritingNothing(
  h: Harness,
  organisationId: string,
  call: () => Promise<unknown>,
  code: TRPCError['code'],
  message?: RegExp | string,
) {
  const before = await escortSnapshot(h, organisationId);
  const err = await refused(call(), code, message);
  expect(await escortSnapshot(h, organisationId)).toEqual(before);
  return err;
}
